"""Each page layout (old .htm, /dyn/, text/Markdown, NosDéputés HTML and text, QG) → record.

The HTML pages under data/pages/ are hand-written from ../shared/design/FORMATS.md §3-4."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from qgraph.records.model import Attribution, Closing, JOInfo, MinistryRef, Origin, PersonName
from qgraph.sources.pages import looks_like_page, parse_page

PAGES = Path(__file__).parent / "data" / "pages"
ORIGIN = Origin(path="page.htm")


def read(name: str):
    data = (PAGES / name).read_bytes()
    assert looks_like_page(data)
    return parse_page(data, ORIGIN)


def test_old_htm_layout_answered_cp1252() -> None:
    r = read("q14_14-47351QE_old.htm")
    assert r.uid == "QANR5L14QE47351"
    assert r.author.name == PersonName("M.", "François", "Cornut-Gentille")
    assert r.author.acteur_ref == "PA923"  # from tribun/fiches_id/923
    assert (r.author.group_name, r.author.department) == ("Les Républicains", "Haute-Marne")
    assert (r.rubrique, r.tete_analyse) == ("défense", "équipements")
    assert r.analyses == ("équipements militaires", "vieillissement", "bilan")
    assert r.title is None
    assert r.ministry_asked == MinistryRef(abrege="Défense")
    assert r.attributions == (
        Attribution(MinistryRef(abrege="Défense"),
                    JOInfo(type_jo="JO_QUESTION", date=date(2014, 1, 7), page=18)),
    )
    assert r.published == JOInfo(type_jo="JO_QUESTION", date=date(2014, 1, 7), page=18)
    assert r.answered == JOInfo(type_jo="JO_QUESTION", date=date(2014, 5, 13), page=3858)
    assert r.closing == Closing(code="REP_PUB", label="Réponse publiée", date=date(2014, 5, 13))
    assert r.renewals == (date(2014, 4, 15),)
    assert r.question_text is not None and "génie de l’armée de terre" in r.question_text
    assert r.answer_text is not None
    assert r.answer_text.split("\n") == [
        "Les unités du génie de l’armée de terre disposent d’équipements dont la disponibilité "
        "technique opérationnelle est suivie mensuellement.",
        "Le coût du maintien en condition opérationnelle s’élève à 12,5 M€ pour 2013.",
    ]
    assert "Université" not in r.answer_text  # the footer is not part of the answer


def test_dyn_layout_reattributed() -> None:
    r = read("QANR5L17QE10992_dyn.html")
    assert (r.uid, r.legislature, r.type, r.number) == ("QANR5L17QE10992", 17, "QE", 10992)
    assert r.title == "Accès aux soins dentaires dans les territoires ruraux"
    assert r.analyses == (r.title,)
    assert r.author.name == PersonName("Mme", "Élisa", "Martin")
    assert r.author.acteur_ref == "PA795136"
    assert r.author.group_name == "La France insoumise - Nouveau Front Populaire"
    assert (r.author.department, r.author.circonscription) == ("Isère", 3)
    assert r.rubrique == "Professions de santé"
    assert r.ministry_asked == MinistryRef(abrege="Santé et accès aux soins")
    assert [a.ministry.abrege for a in r.attributions] == [
        "Santé et accès aux soins", "Santé, familles, autonomie et personnes handicapées"]
    assert [a.jo.date for a in r.attributions] == [date(2025, 9, 23), date(2025, 10, 14)]
    assert r.published == JOInfo(type_jo="JO_QUESTION", date=date(2025, 9, 23), page=7954)
    assert r.signalements == (date(2025, 12, 9),)
    assert r.question_text == (
        "Mme Élisa Martin attire l'attention de Mme la ministre de la santé et de l'accès aux "
        "soins sur la raréfaction des chirurgiens-dentistes dans les territoires ruraux, que le "
        "dispositif MonSoutienDentaire ne corrige pas.\n"
        "Elle lui demande quelles mesures le Gouvernement entend prendre."
    )
    assert r.answer_text == "Le Gouvernement a engagé une révision du zonage des chirurgiens-dentistes."
    assert r.closing == Closing(code="REP_PUB", label="Réponse publiée", date=date(2026, 1, 20))


def test_nosdeputes_html_withdrawn() -> None:
    r = read("nosdeputes_16_QE_15221.html")
    # the page gives no legislature or type: they come from its one "source" link
    assert r.uid == "QANR5L16QE15221"
    assert r.author.name == PersonName(None, "Philippe", "Latombe")
    assert r.title == "Hébergement des données de santé des Français par Microsoft Azure"
    assert r.ministry_asked == MinistryRef(abrege="Premier ministre")
    assert r.attributions[-1].ministry == MinistryRef(abrege="Premier ministre")
    assert r.published is not None and r.published.date == date(2024, 2, 13)
    assert r.closing == Closing(code=None, label="Fin de mandat", date=date(2024, 6, 11))
    assert r.question_text is not None and r.question_text.endswith("mettre un terme à cette situation.")
    assert r.answer_text is None


MARKDOWN_ANSWERED = """\
# ASSEMBLÉE NATIONALE

17e législature

## Fermeture des classes en zone rurale

Question écrite n° 2210

### Texte de la question

**Mme Anne Dupont** interroge Mme la ministre de l'éducation nationale sur les fermetures
de classes annoncées dans les communes de moins de 2 000 habitants, notamment dans le cadre
du dispositif *Territoires éducatifs ruraux*.

Elle lui demande quelles garanties seront apportées aux familles.

### Texte de la réponse

La carte scolaire est arrêtée après concertation avec les élus.

### Données clés

* Auteur : [Mme Anne Dupont](https://www.assemblee-nationale.fr/dyn/deputes/PA720000)
* Circonscription : Creuse (1<sup>re</sup> circonscription) - Gauche démocrate et républicaine - NUPES
* Type de question : Question écrite
* Numéro de la question : 2210
* Rubrique : Enseignement
* Ministère interrogé : [Éducation nationale](#)
* Ministère attributaire : [Éducation nationale](#)

### Date(s) clé(s)

* Question publiée au JO le : [1er octobre 2024](#), page 5320
* Question signalée au Gouvernement le : 3 février 2025
* Date de renouvellement : 14 janvier 2025
* Date de renouvellement : 8 avril 2025
* Réponse publiée au JO le : 22 avril 2025, page 2870
"""


def test_markdown_rendering_answered() -> None:
    data = MARKDOWN_ANSWERED.encode()
    assert looks_like_page(data)
    r = parse_page(data, ORIGIN)
    assert r.uid == "QANR5L17QE2210"
    assert r.title == "Fermeture des classes en zone rurale"
    assert r.author.name == PersonName("Mme", "Anne", "Dupont")
    assert r.author.acteur_ref == "PA720000"
    assert r.author.group_name == "Gauche démocrate et républicaine - NUPES"
    assert (r.author.department, r.author.circonscription) == ("Creuse", 1)
    assert r.question_text == (
        "Mme Anne Dupont interroge Mme la ministre de l'éducation nationale sur les fermetures "
        "de classes annoncées dans les communes de moins de 2 000 habitants, notamment dans le "
        "cadre du dispositif Territoires éducatifs ruraux.\n"
        "Elle lui demande quelles garanties seront apportées aux familles."
    )
    assert r.answer_text == "La carte scolaire est arrêtée après concertation avec les élus."
    assert r.published == JOInfo(type_jo="JO_QUESTION", date=date(2024, 10, 1), page=5320)
    assert r.answered == JOInfo(type_jo="JO_QUESTION", date=date(2025, 4, 22), page=2870)
    assert r.signalements == (date(2025, 2, 3),)
    assert r.renewals == (date(2025, 1, 14), date(2025, 4, 8))
    assert r.closing == Closing(code="REP_PUB", label="Réponse publiée", date=date(2025, 4, 22))
    assert [a.ministry.abrege for a in r.attributions] == ["Éducation nationale"]


NOSDEPUTES_TEXT_UNANSWERED = """\
Élisa Martin
Question écrite N° 2114 au Ministère de la santé et de l'accès aux soins
source
Accès aux soins dentaires
Question soumise le 1er octobre 2024
Mme Élisa Martin attire l'attention de Mme la ministre sur l'accès aux soins dentaires.
Réponse
Cette question n'a pas encore de réponse.
"""


def test_nosdeputes_text_unanswered_named_after_url() -> None:
    r = parse_page(NOSDEPUTES_TEXT_UNANSWERED.encode(), Origin(path="nd/17-2114QE.txt"))
    assert r.uid == "QANR5L17QE2114"
    assert r.author.name == PersonName(None, "Élisa", "Martin")
    assert r.title == "Accès aux soins dentaires"
    assert r.ministry_asked == MinistryRef(abrege="Ministère de la santé et de l'accès aux soins")
    assert r.published is not None and r.published.date == date(2024, 10, 1)
    assert r.question_text == (
        "Mme Élisa Martin attire l'attention de Mme la ministre sur l'accès aux soins dentaires.")
    assert r.answer_text is None and r.answered is None and r.closing is None


def test_nosdeputes_text_answered_and_plain_retiree() -> None:
    answered = NOSDEPUTES_TEXT_UNANSWERED.replace(
        "Réponse\nCette question n'a pas encore de réponse.\n",
        "Réponse émise le 4 mars 2025\nLe Gouvernement renforce l'offre de soins.\n",
    ).replace("soins\n", "soins (répondu)\n", 1)
    r = parse_page(answered.encode(), Origin(path="17-2114QE.txt"))
    assert r.ministry_asked == MinistryRef(abrege="Ministère de la santé et de l'accès aux soins")
    assert r.answer_text == "Le Gouvernement renforce l'offre de soins."
    assert r.closing == Closing(code="REP_PUB", label="Réponse publiée", date=date(2025, 3, 4))
    retiree = NOSDEPUTES_TEXT_UNANSWERED.replace("soins\n", "soins (retirée)\n", 1).replace(
        "Réponse\nCette question n'a pas encore de réponse.\n", "")
    r = parse_page(retiree.encode(), Origin(path="17-2114QE.txt"))
    assert r.closing == Closing(code=None, label="Retrait", date=None)


QG_PAGE = """\
<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>QG</title></head><body>
<div class="question-header">
  <p>17e législature</p>
  <h1>Situation sanitaire à Mayotte</h1>
  <p>Question au Gouvernement n° 585</p>
</div>
<p>Question de : <a href="/dyn/deputes/PA841000">M. Ali Saïd</a></p>
<p>Mayotte (1<sup>re</sup> circonscription) - Libertés, Indépendants, Outre-mer et Territoires</p>
<p>Question posée en séance, et publiée le 22 janvier 2025</p>
<h2>Texte de la question</h2>
<p>M. le président. La parole est à M. Ali Saïd.</p>
<h2>Texte de la réponse</h2>
<p>M. le président. La parole est à Mme la ministre.</p>
<dl><dt>Ministère interrogé :</dt><dd>Outre-mer</dd>
<dt>Ministère attributaire :</dt><dd>Outre-mer</dd>
<dt>Réponse publiée au JO le :</dt><dd>22 janvier 2025, page 301</dd></dl>
</body></html>
"""


def test_question_au_gouvernement() -> None:
    data = QG_PAGE.encode()
    assert looks_like_page(data)
    r = parse_page(data, ORIGIN)
    assert (r.uid, r.type) == ("QANR5L17QG585", "QG")
    assert r.author.name == PersonName("M.", "Ali", "Saïd")
    assert r.author.group_name == "Libertés, Indépendants, Outre-mer et Territoires"
    assert (r.author.department, r.author.circonscription) == ("Mayotte", 1)
    assert r.published == JOInfo(type_jo="JO_DEBAT", date=date(2025, 1, 22))
    assert r.answered == JOInfo(type_jo="JO_DEBAT", date=date(2025, 1, 22), page=301)
    assert r.question_text == "M. le président. La parole est à M. Ali Saïd."
    assert r.title == "Situation sanitaire à Mayotte"
    assert r.attributions[-1].jo.type_jo == "JO_DEBAT"


def test_omc_link_and_capitalised_last_name() -> None:
    page = (
        "<html><body><p>16ème législature</p><h1>Titre</h1><p>Question orale sans débat n° 12</p>"
        "<p>Auteur : <a href='http://www2.assemblee-nationale.fr/deputes/fiche/OMC_PA610000'>"
        "M. Jean-Paul LE GAC</a></p><p>Ministère interrogé : Justice</p></body></html>"
    )
    r = parse_page(page.encode(), ORIGIN)
    assert (r.uid, r.type) == ("QANR5L16QOSD12", "QOSD")
    assert r.author.acteur_ref == "PA610000"
    assert r.author.name == PersonName("M.", "Jean-Paul", "LE GAC")
    assert r.attributions == (Attribution(MinistryRef(abrege="Justice")),)


def test_hard_wrapped_text_and_superscript_markup() -> None:
    page = (
        "16ème législature\nTitre court\nQuestion écrite n° 4\nTexte de la question\n"
        "Il demande si le 1^{er} alinéa\ns'applique.\nSecond paragraphe.\n"
        "Circonscription : Nord (12^{e} circonscription) - Renaissance\n"
    )
    r = parse_page(page.encode(), ORIGIN)
    assert r.question_text == "Il demande si le 1er alinéa s'applique.\nSecond paragraphe."
    assert (r.author.department, r.author.circonscription, r.author.group_name) == (
        "Nord", 12, "Renaissance")
