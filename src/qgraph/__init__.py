"""qgraph: Assemblée nationale questions as a knowledge graph in an embedded Oxigraph store."""

__version__ = "0.1.0"
