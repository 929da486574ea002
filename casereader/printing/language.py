"""The language of a sheet: the fixed text of sheets in Welsh, and question-set text in the chosen language.

A sheet is printed in English (``en``), Welsh (``cy``) or both (``both``: Welsh first, then English, as the
Welsh Language Standards ask of bilingual documents). Fixed text (headings, "Page x of y", labels, the
legend) is looked up in :data:`WELSH` by its English wording; question-set text comes from the set's
``*_cy`` fields (:func:`casereader.core.questionset.text_in`), English where a field has no Welsh.
This is the printing layer's own small table, not Qt: sheets print from the command line too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from casereader.core.errors import UserError
from casereader.core.questionset import text_in
from casereader.printing.wording import day_text

SHEET_LANGUAGES = ("en", "cy", "both")
BOTH_JOIN = " / "

WELSH: dict[str, str] = {
    # header and furniture
    "Case marking sheet": "Taflen farcio achos",
    "HMCPSI casework marking sheet": "Taflen farcio gwaith achos yr Arolygiaeth",
    "Inspection": "Arolygiad",
    "Area": "Ardal",
    "Round": "Cylch",
    "Case reference": "Cyfeirnod yr achos",
    "Inspector": "Arolygydd",
    "Date": "Dyddiad",
    "Status": "Statws",
    "Question set": "Set gwestiynau",
    "{id} version {version}": "{id} fersiwn {version}",
    "Question set {id} version {version}": "Set gwestiynau {id} fersiwn {version}",
    "printed {date}": "argraffwyd {date}",
    "Page {number} of {total}": "Tudalen {number} o {total}",
    "Case": "Achos",
    "Baseline": "Sylfaenol",
    "Follow-up": "Dilynol",
    "Not started": "Heb ddechrau",
    "In progress": "Ar y gweill",
    "Complete": "Wedi'i gwblhau",
    "Locked": "Wedi'i gloi",
    "(reserve case)": "(achos wrth gefn)",
    "Withdrawn:": "Wedi'i dynnu'n ôl:",
    "(if known)": "(os yw'n hysbys)",
    "(optional)": "(dewisol)",
    "Yes": "Ie",
    "No": "Na",
    # legend and instructions
    "{answered} of {applicable} applicable questions answered.":
        "Atebwyd {answered} o'r {applicable} cwestiwn perthnasol.",
    "The chosen answer is shown {chosen} in bold; other answers are shown {empty}.":
        "Dangosir yr ateb a ddewiswyd {chosen} mewn print trwm; dangosir atebion eraill {empty}.",
    "<b>How to mark.</b> Tick one box for each question ({box}), or N/A where it is offered. Answer a question "
    "only when its condition (“Answer only if …”) holds for this case; otherwise leave it blank. Write the "
    "evidence for your mark in the comment space; it is required where the sheet says so.":
        "<b>Sut i farcio.</b> Ticiwch un blwch ar gyfer pob cwestiwn ({box}), neu Dd/B lle cynigir hynny. "
        "Atebwch gwestiwn dim ond pan fydd ei amod (“Atebwch dim ond os …”) yn wir am yr achos hwn; fel arall, "
        "gadewch ef yn wag. Ysgrifennwch y dystiolaeth dros eich marc yn y gofod sylwadau; mae'n ofynnol lle "
        "mae'r daflen yn dweud hynny.",
    "Answer this section only if:": "Atebwch yr adran hon dim ond os:",
    "Answer only if:": "Atebwch dim ond os:",
    "(tick all that apply)": "(ticiwch bob un sy'n berthnasol)",
    "Date (DD/MM/YYYY)": "Dyddiad (DD/MM/BBBB)",
    "Number": "Rhif",
    "Answer": "Ateb",
    "Answer:": "Ateb:",
    "If N/A, reason:": "Os Dd/B, y rheswm:",
    "Comment required if:": "Sylw yn ofynnol os:",
    "Comment / evidence": "Sylw / tystiolaeth",
    # answers
    "Theme: {title}": "Thema: {title}",
    "N/A": "Dd/B",
    "N/A reason:": "Rheswm Dd/B:",
    "Guidance:": "Canllawiau:",
    "Comment": "Sylw",
    "— not answered": "— heb ei ateb",
    "— not answered (required)": "— heb ei ateb (gofynnol)",
    "{points} of {maximum} points": "{points} o {maximum} pwynt",
    "Questions not applicable to this case": "Cwestiynau nad ydynt yn berthnasol i'r achos hwn",
    "Not applicable to this case (rule: {rule})": "Ddim yn berthnasol i'r achos hwn (rheol: {rule})",
    "Answer kept but excluded from the scores:": "Ateb wedi'i gadw ond heb ei gyfrif yn y sgoriau:",
    # points and signatures
    "Points for this case": "Pwyntiau'r achos hwn",
    "Measure": "Mesur",
    "Theme": "Thema",
    "Answers": "Atebion",
    "Points": "Pwyntiau",
    "Maximum": "Uchafswm",
    "Score": "Sgôr",
    "N/A and inapplicable questions count in neither the points nor the maximum.":
        "Nid yw cwestiynau Dd/B na chwestiynau amherthnasol yn cyfrif yn y pwyntiau nac yn yr uchafswm.",
    "Declaration": "Datganiad",
    "I have examined this case file and the marks above are my assessment of it.":
        "Rwyf wedi archwilio'r ffeil achos hon, a'r marciau uchod yw fy asesiad ohoni.",
    "Quality assurance": "Sicrhau ansawdd",
    "Name": "Enw",
    "Signature": "Llofnod",
    # the central report (casereader central report --format pdf --lang)
    "Casework quality report": "Adroddiad ar ansawdd gwaith achos",
    "Casework quality: added value, grip, themes": "Ansawdd gwaith achos: gwerth ychwanegol, gafael, themâu",
    "Publication": "Cyhoeddi",
    "Generated": "Cynhyrchwyd",
    "Central store": "Storfa ganolog",
    "Grouped by": "Wedi'u grwpio yn ôl",
    "Cases": "Achosion",
    "all cases": "pob achos",
    "All cases": "Pob achos",
    "What this report covers": "Beth mae'r adroddiad hwn yn ei gwmpasu",
    "How the figures are worked out": "Sut y cyfrifir y ffigurau",
    "Rounds": "Cylchoedd",
    "Question-set versions": "Fersiynau'r setiau cwestiynau",
    "Areas": "Ardaloedd",
    "Filters": "Hidlwyr",
    "Aggregation": "Cyfuno",
    "Compared with": "O'i gymharu â",
    "Pooled": "Cyfun",
    "Mean of areas": "Cymedr yr Ardaloedd",
    "Distribution": "Dosbarthiad",
    "Strongest weakest": "Cryfaf a gwannaf",
    "Rounding": "Talgrynnu",
    "points over maximum points: sum of the points earned by the applicable, answered questions divided by the "
    "sum of their maximum points, x 100 (N/A and inapplicable questions are in neither part)":
        "pwyntiau dros yr uchafswm pwyntiau: cyfanswm y pwyntiau a enillwyd gan y cwestiynau perthnasol a atebwyd "
        "wedi'i rannu â chyfanswm eu huchafswm pwyntiau, x 100 (nid yw cwestiynau Dd/B na chwestiynau amherthnasol "
        "yn y naill ran na'r llall)",
    "national (pooled): points and maximum points summed over every case in every Area, then divided":
        "cenedlaethol (cyfun): pwyntiau ac uchafswm pwyntiau wedi'u hadio dros bob achos ym mhob Ardal, yna "
        "wedi'u rhannu",
    "national (mean of Areas): the unweighted mean of the Areas' unrounded percentages, then rounded":
        "cenedlaethol (cymedr yr Ardaloedd): cymedr heb ei bwysoli o ganrannau heb eu talgrynnu'r Ardaloedd, yna "
        "wedi'i dalgrynnu",
    "answer distribution: answers of each value over the applicable questions answered (N/A and inapplicable "
    "excluded); multiple-choice answers count once per option chosen":
        "dosbarthiad atebion: atebion o bob gwerth dros y cwestiynau perthnasol a atebwyd (heb gynnwys Dd/B na "
        "chwestiynau amherthnasol); mae atebion amlddewis yn cyfrif unwaith ar gyfer pob opsiwn a ddewiswyd",
    "theme score: points over maximum points of the theme's questions that feed a measure":
        "sgôr thema: pwyntiau dros uchafswm pwyntiau cwestiynau'r thema sy'n bwydo mesur",
    "strongest and weakest Area by unrounded percentage; gap = strongest minus weakest on the rounded "
    "(published) figures, in percentage points":
        "yr Ardal gryfaf a'r Ardal wannaf yn ôl canran heb ei thalgrynnu; bwlch = y gryfaf llai'r wannaf ar y "
        "ffigurau wedi'u talgrynnu (cyhoeddedig), mewn pwyntiau canran",
    "{places} decimal place(s), rounding {mode}, on exact decimal fractions of counts":
        "{places} lle degol, gan dalgrynnu {mode}, ar ffracsiynau degol union o'r cyfrifon",
    "half-up": "hanner i fyny",
    "follow-up minus baseline, in percentage points, in exact decimal arithmetic":
        "dilynol llai sylfaenol, mewn pwyntiau canran, mewn rhifyddeg ddegol union",
    "the published figures ({rounding})": "y ffigurau cyhoeddedig ({rounding})",
    "the unrounded figures (exact fractions of the counts)":
        "y ffigurau heb eu talgrynnu (ffracsiynau union o'r cyfrifon)",
    "change >= +{threshold} percentage points (▲)": "newid >= +{threshold} pwynt canran (▲)",
    "change <= -{threshold} percentage points (▼)": "newid <= -{threshold} pwynt canran (▼)",
    "|change| < {threshold} percentage points (▶)": "|newid| < {threshold} pwynt canran (▶)",
    "change": "newid",
    "figures": "ffigurau",
    "improved": "wedi gwella",
    "declined": "wedi dirywio",
    "static": "sefydlog",
    "not comparable": "dim modd cymharu",
    "no data": "dim data",
    "Direction of travel": "Cyfeiriad y newid",
    "Headline measures": "Prif fesurau",
    "Casework themes": "Themâu gwaith achos",
    "Group": "Grŵp",
    "National (pooled)": "Cenedlaethol (cyfun)",
    "n answers": "n ateb",
    "Mean of Areas": "Cymedr yr Ardaloedd",
    "Strongest Area": "Ardal gryfaf",
    "Weakest Area": "Ardal wannaf",
    "Gap (pp)": "Bwlch (pp)",  # pp: pwyntiau canran, as the note under the table says
    "n answers = scored answers behind the national figure. Strongest and weakest Area by unrounded score; gap "
    "in percentage points between their published figures.":
        "n ateb = yr atebion a sgoriwyd y tu ôl i'r ffigur cenedlaethol. Yr Ardal gryfaf a'r Ardal wannaf yn ôl "
        "sgôr heb ei thalgrynnu; y bwlch mewn pwyntiau canran rhwng eu ffigurau cyhoeddedig.",
    "{follow_up} against {baseline}. {improved}; {declined}; {static}. Measured on {figures}.":
        "{follow_up} o'i gymharu â {baseline}. {improved}; {declined}; {static}. Wedi'i fesur ar {figures}.",
    "Measure or theme": "Mesur neu thema",
    "Change (pp)": "Newid (pp)",
    "Change": "Newid",
    "Direction": "Cyfeiriad",
    "Baseline and follow-up — {group}": "Sylfaenol a dilynol — {group}",
    "national (pooled)": "cenedlaethol (cyfun)",
    "Direction of travel by Area (measures)": "Cyfeiriad y newid fesul Ardal (mesurau)",
    "Changed questions": "Cwestiynau a newidiwyd",
    "{same} question(s) compared through a crosswalk to the same id in the baseline version; questions below are "
    "compared through a crosswalk to another id, or are not comparable.":
        "{same} cwestiwn wedi'u cymharu drwy groesgyfeiriad i'r un id yn y fersiwn sylfaenol; mae'r cwestiynau "
        "isod wedi'u cymharu drwy groesgyfeiriad i id arall, neu nid oes modd eu cymharu.",
    "Question": "Cwestiwn",
    "Note": "Nodyn",
    "Answer distributions (national)": "Dosbarthiad yr atebion (cenedlaethol)",
    "Each bar is one question: the share of each answer among the applicable questions answered (N/A and "
    "inapplicable excluded), with n answered.":
        "Mae pob bar yn un cwestiwn: cyfran pob ateb ymhlith y cwestiynau perthnasol a atebwyd (heb gynnwys Dd/B "
        "na chwestiynau amherthnasol), gydag n wedi'u hateb.",
    "Other questions": "Cwestiynau eraill",
    "Marking consistency": "Cysondeb marcio",
    "Cases second-marked blind by another inspector. Exact agreement, agreement within one category (ordinal "
    "scales), Cohen's kappa and linearly weighted kappa, with the number of pairs. Least consistent questions "
    "first.":
        "Achosion a ail-farciwyd yn ddall gan arolygydd arall. Cytundeb union, cytundeb o fewn un categori "
        "(graddfeydd trefnol), kappa Cohen a kappa wedi'i bwysoli'n llinol, gyda nifer y parau. Y cwestiynau "
        "lleiaf cyson yn gyntaf.",
    "No second marking has been imported for the inspections in this report.":
        "Nid oes ail farcio wedi'i fewnforio ar gyfer yr arolygiadau yn yr adroddiad hwn.",
    "Part": "Rhan",
    "Key": "Allwedd",
    "Question / inspector": "Cwestiwn / arolygydd",
    "Pairs": "Parau",
    "Exact %": "Union %",
    "Within one %": "O fewn un %",
    "Kappa": "Kappa",
    "Weighted": "Wedi'i bwysoli",
    "Overall": "Cyffredinol",
    "Queries on marks": "Ymholiadau ar farciau",
    "Queries the centre raised on marks and cases: open, answered (not yet closed) and closed, with the median days "
    "from opening to closing.":
        "Ymholiadau a gododd y ganolfan ar farciau ac achosion: ar agor, wedi'u hateb (heb eu cau eto) ac wedi'u "
        "cau, gyda chanolrif y dyddiau o'u hagor i'w cau.",
    "By": "Yn ôl",
    "Open": "Ar agor",
    "Answered": "Wedi'u hateb",
    "Closed": "Wedi'u cau",
    "Median days": "Canolrif dyddiau",
    "inspection": "arolygiad",
    "area": "ardal",
    "question": "cwestiwn",
    "DRAFT": "DRAFFT",
    "DRAFT — not for publication": "DRAFFT — nid i'w gyhoeddi",
    "Page {number}": "Tudalen {number}",
    "DRAFT: not for publication. The publication checks were not run or not passed (casereader central report "
    "--final).":
        "DRAFFT: nid i'w gyhoeddi. Ni chafodd y gwiriadau cyhoeddi eu rhedeg neu ni chawsant eu pasio (casereader "
        "central report --final).",
    "Final: every publication check passed when this report was written.":
        "Terfynol: roedd pob gwiriad cyhoeddi wedi'i basio pan ysgrifennwyd yr adroddiad hwn.",
}

class SheetLanguageError(UserError, ValueError):
    """An unknown sheet language."""


class Words:
    """The text of one sheet in its language: ``words("Declaration")``, ``words.item(question, "text")``."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in SHEET_LANGUAGES:
            raise SheetLanguageError(f"unknown sheet language '{lang}' (known: {', '.join(SHEET_LANGUAGES)})")
        self.lang = lang
        self.languages: tuple[str, ...] = ("cy", "en") if lang == "both" else (lang,)

    @property
    def pdf_lang(self) -> str:
        return "en-GB" if self.lang == "en" else "cy-GB"

    def each(self, english: str, **values: Any) -> list[str]:
        """Fixed text in each of the sheet's languages, in order (Welsh first), ``{name}``s filled in."""
        texts = [english if lang == "en" else WELSH[english] for lang in self.languages]
        return _distinct([text.format(**values) if values else text for text in texts])

    def __call__(self, english: str, **values: Any) -> str:
        """Fixed text in the sheet's language; bilingual sheets join the two with " / "."""
        return BOTH_JOIN.join(self.each(english, **values))

    def label(self, english: str) -> str:
        """Like calling, for a label that may come from data (a round or status): unknown ones stay as they are."""
        return self(english) if english in WELSH else english

    def item_each(self, item: BaseModel, field: str) -> list[str]:
        """A question-set field in each of the sheet's languages (one entry when there is no Welsh)."""
        return _distinct([text_in(item, field, lang) for lang in self.languages])

    def item(self, item: BaseModel, field: str) -> str:
        return BOTH_JOIN.join(self.item_each(item, field))

    def per_language(self, item: BaseModel, field: str) -> list[tuple[Words, str]]:
        """A question-set field with the words of its language, Welsh first; a text equal to the one before
        (no Welsh given) is not repeated."""
        out: list[tuple[Words, str]] = []
        for lang in self.languages:
            text = text_in(item, field, lang)
            if text and text not in (t for _w, t in out):
                out.append((Words(lang), text))
        return out

    def joined(self, make: Callable[[Words], str]) -> str:
        """``make(words)`` for each of the sheet's languages, joined with " / " (once when they agree)."""
        return BOTH_JOIN.join(_distinct([make(Words(lang)) for lang in self.languages]))

    def date(self, value: dt.date) -> str:
        """"20 November 2026" / "20 Tachwedd 2026"."""
        return BOTH_JOIN.join(_distinct([day_text(value, lang) for lang in self.languages]))


def _distinct(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        if text not in out:
            out.append(text)
    return out


ENGLISH = Words("en")
