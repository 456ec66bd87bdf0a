"""The store the query, links and full-text tests share: the real AN fixtures, the seed page,
and pages these tests write — a 17th-legislature re-ask of the seed by the same deputy, and
decoys (same subject by other deputies, another subject by the same deputy, a near-verbatim
copy by another deputy). Built once per test session (``library_store``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgraph.pipeline import IngestOptions, ingest
from qgraph.store import open_store

REPO = Path(__file__).resolve().parents[1]
AN_FIXTURES = REPO.parent / "shared" / "fixtures" / "an-opendata"
SEED = REPO.parent / "shared" / "seeds" / "000_f6c97197b3168e43.txt"
SEED_UID = "QANR5L16QE15221"
LATOMBE = "https://w3id.org/qgraph/id/person/name/philippe-latombe"

SEED_TEXT = SEED.read_text(encoding="utf-8").split("Texte de la question")[1].split("Données clés")[0].strip() \
    if SEED.is_file() else ""

# The seed re-asked in the 17th legislature: new number, date and minister, reworded opening,
# a sentence added, a few words changed.
REASK_TEXT = (
    "M. Philippe Latombe attire l'attention de Mme la ministre du travail, de la santé, des "
    "solidarités et des familles sur l'attribution du « projet Emc2 » à Microsoft Azure. Choisi à "
    "la suite d'un appel à projets de l'Agence européenne des médicaments (EMA), le HDH (« Health "
    "Data Hub ») doit mettre en place un entrepôt de données de santé, intitulé « Projet Emc2 », qui "
    "implique la réalisation, par des internes en médecine, de correspondances entre les "
    "terminologies médicales françaises et le standard Omop. Le HDH a donc lancé un appel à "
    "candidatures afin de trouver un hébergeur. Vivement encouragés à candidater par la Délégation "
    "au numérique en santé (DNS), les acteurs français de l'informatique en nuage se sont portés "
    "candidats. Tous se sont interrogés à juste titre sur les biais observés entre les modalités de "
    "sélection qui leur ont été appliquées par le HDH et celles bénéficiant à Microsoft Azure ou à "
    "AWS. Ils n'ont donc pas été surpris que le choix se soit porté sur Microsoft Azure, dans la "
    "continuité des choix faits jusqu'à maintenant par le HDH. De son côté, la Commission nationale "
    "de l'informatique et des libertés (CNIL) a autorisé à contrecœur, pour une durée de trois ans, "
    "la plateforme des données de santé (PDS) à constituer l'entrepôt « Emc2 » hébergé par "
    "Microsoft Azure. Si cette décision est fondée en droit, le Data Privacy Framework étant "
    "jusqu'à nouvel ordre valide, elle est en contradiction totale avec les objectifs légitimes du "
    "Gouvernement en matière de souveraineté. Cette question, posée sous la précédente législature, "
    "n'a pas reçu de réponse. Il lui demande donc comment le Gouvernement compte mettre un terme à "
    "une situation qui menace les données parmi les plus sensibles des concitoyens et la "
    "souveraineté du pays ; quelles dispositions sont prévues pour donner à la CNIL une base légale "
    "lui permettant de refuser des projets similaires à « Emc2 » ; si un changement de gouvernance "
    "de la PDS est enfin à l'ordre du jour.")

# Same subject, other deputies, written independently.
DECOY_SUBJECT = (
    "Mme Anne Exemple interroge Mme la ministre du travail, de la santé, des solidarités et des "
    "familles sur l'hébergement du Health Data Hub par Microsoft. La plateforme des données de "
    "santé, créée en 2019, a confié l'hébergement des données de santé des Français à Microsoft "
    "Azure, une entreprise soumise au droit américain et notamment au Cloud Act. La CNIL a rappelé "
    "à plusieurs reprises les risques d'accès par des autorités étrangères à ces données "
    "particulièrement sensibles. Des solutions d'hébergement souveraines existent pourtant chez des "
    "acteurs français et européens de l'informatique en nuage qualifiés SecNumCloud. Elle souhaite "
    "connaître le calendrier de migration de la plateforme des données de santé vers un hébergeur "
    "souverain et les garanties apportées d'ici là aux patients.")
DECOY_SUBJECT2 = (
    "M. Jean Témoin alerte M. le ministre délégué chargé du numérique sur le choix de Microsoft "
    "Azure pour héberger l'entrepôt Emc2 du Health Data Hub, projet soutenu par l'Agence européenne "
    "des médicaments. Les acteurs français du cloud, encouragés à candidater, estiment avoir été "
    "écartés au profit de Microsoft. La CNIL a autorisé le projet pour trois ans tout en exprimant "
    "ses réserves sur la souveraineté des données de santé. Il lui demande quelles mesures il "
    "entend prendre pour que les données de santé des Français soient hébergées par un prestataire "
    "européen et si la gouvernance de la plateforme des données de santé sera revue.")
# Same deputy, another subject.
OTHER_SUBJECT = (
    "M. Philippe Latombe attire l'attention de M. le ministre de l'intérieur sur l'usage de la "
    "vidéoprotection algorithmique lors des grands événements sportifs. L'expérimentation prévue "
    "par la loi relative aux jeux Olympiques et Paralympiques doit faire l'objet d'une évaluation "
    "indépendante avant toute pérennisation. Plusieurs associations de défense des libertés "
    "s'inquiètent de l'absence de données publiques sur les faux positifs et sur le coût des "
    "logiciels retenus. Il souhaite savoir quand le rapport d'évaluation sera rendu public et si le "
    "Gouvernement entend proposer la prolongation de ce dispositif au-delà de la date prévue par la loi.")


def verbatim_copy(author_formula: str) -> str:
    """The seed's text under another deputy's opening (a near-verbatim copy)."""
    return SEED_TEXT.replace("M. Philippe Latombe alerte M. le Premier ministre", author_formula, 1)


# (file name, legislature, number, author, circonscription line, ministry, title, date, text)
PAGES = [
    ("reask.txt", 17, 4242, "M. Philippe Latombe", "Vendée (1^{re} circonscription) - Les Démocrates",
     "Santé et accès aux soins", "Hébergement des données de santé par Microsoft Azure",
     "8 octobre 2024", REASK_TEXT),
    ("decoy-subject.txt", 17, 4300, "Mme Anne Exemple", "Paris (3^{e} circonscription) - Écologiste",
     "Santé et accès aux soins", "Hébergement du Health Data Hub", "15 octobre 2024", DECOY_SUBJECT),
    ("decoy-subject2.txt", 17, 4301, "M. Jean Témoin", "Nord (2^{e} circonscription) - Horizons",
     "Numérique", "Entrepôt Emc2 du Health Data Hub", "15 octobre 2024", DECOY_SUBJECT2),
    ("other-subject.txt", 17, 4400, "M. Philippe Latombe", "Vendée (1^{re} circonscription) - Les Démocrates",
     "Intérieur", "Vidéoprotection algorithmique", "22 octobre 2024", OTHER_SUBJECT),
]
# A 16th-legislature question withdrawn at the end of the term and never asked again.
WITHDRAWN_TEXT = (
    "M. Jean Témoin interroge M. le ministre de l'économie sur la dépendance des collectivités "
    "territoriales aux logiciels de bureautique d'éditeurs étrangers et sur le coût des licences "
    "qu'elles acquittent chaque année. Les solutions libres développées par des entreprises "
    "françaises restent peu utilisées faute d'accompagnement. Il lui demande quelles mesures le "
    "Gouvernement entend prendre pour encourager leur adoption par les communes.")
WITHDRAWN_PAGE = ("withdrawn.txt", 16, 9999, "M. Jean Témoin", "Nord (2^{e} circonscription) - Horizons et apparentés",
                  "Économie", "Logiciels des collectivités", "12 mars 2024", WITHDRAWN_TEXT,
                  "Question retirée le : 11 juin 2024 (Fin de mandat)")
COPY_PAGE = ("copy.txt", 17, 4500, "M. Paul Copie", "Loiret (4^{e} circonscription) - Droite républicaine",
             "Santé et accès aux soins", "Données de santé et Microsoft Azure", "5 novembre 2024",
             None)  # text filled from the seed


def page_text(legislature: int, number: int, author: str, circo: str, ministry: str, title: str,
              published: str, text: str, closing: str = "") -> str:
    return (f"ASSEMBLÉE NATIONALE\n\n{legislature}ème législature\n\n{title}\n\n"
            f"Question écrite n° {number}\n\nTexte de la question\n\n{text}\n\nDonnées clés\n\n"
            f"Auteur : [{author}](#)\n\nCirconscription : {circo}\n\n"
            f"Type de question : Question écrite\n\nNuméro de la question : {number}\n\n"
            f"Rubrique : Santé\n\nMinistère interrogé : [{ministry}](#)\n\n"
            f"Ministère attributaire : [{ministry}](#)\n\nDate(s) clé(s)\n\n"
            f"Question publiée au JO le : [{published}](#), page 5412\n"
            + (f"\n{closing}\n" if closing else ""))


def write_pages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    copy = COPY_PAGE[:-1] + (verbatim_copy("M. Paul Copie interroge Mme la ministre de la santé"),)
    for name, *fields in [*PAGES, copy, WITHDRAWN_PAGE]:
        path = folder / name
        path.write_text(page_text(*fields), encoding="utf-8")  # type: ignore[arg-type]
        out.append(path)
    return out


_BUILT: dict[str, Path] = {}


@pytest.fixture(scope="session")
def library_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared store (with enrichment); skipped when the shared fixtures are absent."""
    if not AN_FIXTURES.is_dir() or not SEED.is_file():
        pytest.skip("../shared fixtures or seed absent (they live beside the repository)")
    if "store" not in _BUILT:
        root = tmp_path_factory.mktemp("library")
        pages = write_pages(root / "pages")
        path = root / "store"
        with open_store(path) as store:
            # Enrichment (organisations, themes) for the pages only: it is what costs time.
            report = ingest(store, [AN_FIXTURES / d for d in ("questions", "acteur", "mandat", "organe")]
                            + [AN_FIXTURES / "legacy-q14_14-47351QE.xml"], IngestOptions(enrich=False))
            assert report.failed == 0, report.errors
            report = ingest(store, [SEED, *pages], IngestOptions())
            assert report.failed == 0, report.errors
        _BUILT["store"] = path
    return _BUILT["store"]
