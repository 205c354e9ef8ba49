"""The catalogue of diagnostic codes, with their words in English and Dutch.

Codes are data: each has a default severity and a message and hint template
in both languages.  ``docs/diagnostics.md`` has one ``## code`` heading for
each, and a test keeps the two in sync.  A released code is retired, never
renamed.

Templates use ``str.format`` fields filled from :attr:`Diagnostic.args`;
values that come from a fiche are quoted (see ``diagnostics.quote``) before
they get here.  A hint may have variants chosen by which arguments are present
and non-empty, so "did you mean ..." appears only when there is a suggestion.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a diagnostic is; ordered, so ``max()`` gives the exit status."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def label(self, lang: str = "en") -> str:
        """The word for this severity in ``lang``."""
        words = {"en": ("info", "warning", "error"), "nl": ("info", "waarschuwing", "fout")}
        return words[lang if lang in words else "en"][self.value]


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


_FORMATTER = string.Formatter()


def _fill(template: str, args: Mapping[str, Any]) -> str:
    return _FORMATTER.vformat(template, (), _Missing(args))


@dataclass(frozen=True)
class Text:
    """The words of one code in one language.

    Attributes:
        message: what is wrong.
        hint: what to do about it.
        hint_if: alternative hints, used when the named argument is present and
            non-empty (checked in order), e.g. ``{"suggestion": "did you mean {suggestion}?"}``.
        message_if: alternative messages, chosen the same way (e.g. for a value YAML read
            as a number where the author meant text).
    """

    message: str
    hint: str = ""
    hint_if: Mapping[str, str] = field(default_factory=dict)
    message_if: Mapping[str, str] = field(default_factory=dict)

    def render_message(self, args: Mapping[str, Any]) -> str:
        for name, template in self.message_if.items():
            if args.get(name):
                return _fill(template, args)
        return _fill(self.message, args)

    def render_hint(self, args: Mapping[str, Any]) -> str:
        for name, template in self.hint_if.items():
            if args.get(name):
                return _fill(template, args)
        return _fill(self.hint, args)


@dataclass(frozen=True)
class Code:
    """A diagnostic code: its default severity and its words."""

    severity: Severity
    en: Text
    nl: Text

    def text(self, lang: str) -> Text:
        return self.nl if lang == "nl" else self.en

    @property
    def summary(self) -> str:
        """The English message template, for listings."""
        return self.en.message


E, W = Severity.ERROR, Severity.WARNING

_SUGGEST_EN = {"suggestion": "did you mean {suggestion}?"}
_SUGGEST_NL = {"suggestion": "bedoelt u {suggestion}?"}

CODES: dict[str, Code] = {
    # --- reading the file -------------------------------------------------
    "io.unreadable": Code(
        E,
        Text("cannot read {path}: {reason}", "check the path and that the file is readable"),
        Text("kan {path} niet lezen: {reason_nl}", "controleer het pad en of het bestand leesbaar is"),
    ),
    "io.no-fiches": Code(
        W,
        Text("no fiche (*.yaml or *.yml) found in {path}", "give a fiche file or a folder that holds fiches"),
        Text(
            "geen fiche (*.yaml of *.yml) gevonden in {path}",
            "geef een fichebestand of een map met fiches op",
        ),
    ),
    "io.txt-suffix": Code(
        W,
        Text(
            "{path} looks like a fiche saved with '.txt' added to its name; it is not read",
            "rename it to {name} (Notepad adds '.txt' unless 'Save as type' is set to 'All files')",
        ),
        Text(
            "{path} lijkt een fiche die bewaard is met '.txt' achter de naam; ze wordt niet gelezen",
            "hernoem het bestand naar {name} (Kladblok voegt '.txt' toe, tenzij 'Opslaan als type' op "
            "'Alle bestanden' staat)",
        ),
    ),
    "yaml.too-large": Code(
        E,
        Text(
            "the file is {size} bytes; a fiche may be at most {limit} bytes",
            "a fiche is normally a few tens of kilobytes; check that this is the right file",
        ),
        Text(
            "het bestand is {size} bytes; een fiche mag hoogstens {limit} bytes zijn",
            "een fiche is normaal enkele tientallen kilobytes; controleer of dit het juiste bestand is",
        ),
    ),
    "yaml.encoding": Code(
        E,
        Text(
            "byte {byte} is not valid UTF-8",
            "save the file as UTF-8 (in most editors: 'Save with encoding')",
            {"windows": "the file was saved as Windows-1252 ('ANSI'), where this byte is {windows}; the file "
                        "has {count} such letter(s) and is read that way for now: save it as UTF-8 (in most "
                        "editors: 'Save with encoding')"},
        ),
        Text(
            "byte {byte_nl} is geen geldige UTF-8",
            "bewaar het bestand als UTF-8 (in de meeste editors: 'Opslaan met codering')",
            {"windows": "het bestand is bewaard als Windows-1252 ('ANSI'), waarin deze byte {windows} is; het "
                        "bestand heeft {count} zulke letter(s) en wordt voorlopig zo gelezen: bewaar het als UTF-8 "
                        "(in de meeste editors: 'Opslaan met codering')"},
        ),
    ),
    "yaml.not-text": Code(
        E,
        Text(
            "this is not a text file: it looks like {what}",
            "a fiche is plain text: open the .yaml file in a text editor (Notepad, VS Code), not a document "
            "about it, and save it as UTF-8 text",
        ),
        Text(
            "dit is geen tekstbestand: het lijkt {what_nl}",
            "een fiche is gewone tekst: open het .yaml-bestand in een teksteditor (Kladblok, VS Code), niet een "
            "document erover, en bewaar het als UTF-8-tekst",
        ),
    ),
    "yaml.bom": Code(
        W,
        Text(
            "the file starts with a byte order mark (BOM)",
            "save the file as UTF-8 without BOM",
        ),
        Text(
            "het bestand begint met een byte order mark (BOM)",
            "bewaar het bestand als UTF-8 zonder BOM",
        ),
    ),
    "yaml.empty": Code(
        E,
        Text("the file holds only comments, no fiche", "start from 'schillen new ID', which writes a valid fiche",
             message_if={"blank": "the file is empty"}),
        Text("het bestand bevat alleen opmerkingen, geen fiche",
             "begin met 'schillen new ID', dat een geldige fiche schrijft",
             message_if={"blank": "het bestand is leeg"}),
    ),
    "yaml.tab": Code(
        E,
        Text("a tab is used for indentation", "indent with spaces only (two per level)"),
        Text("een tab wordt gebruikt om in te springen", "spring in met spaties (twee per niveau)"),
    ),
    "yaml.indentation": Code(
        E,
        Text(
            "bad indentation: {problem}",
            "keys at the same level must start in the same column",
            {"advice": "{advice}"},
        ),
        Text(
            "verkeerd ingesprongen: {problem_nl}",
            "sleutels op hetzelfde niveau moeten in dezelfde kolom beginnen",
            {"advice_nl": "{advice_nl}"},
        ),
    ),
    "yaml.syntax": Code(
        E,
        Text(
            "the YAML cannot be read: {problem}",
            "check quotes, colons and brackets on this line and the line before",
            {"advice": "{advice}"},
        ),
        Text(
            "de YAML kan niet gelezen worden: {problem_nl}",
            "controleer aanhalingstekens, dubbelpunten en haakjes op deze en de vorige regel",
            {"advice_nl": "{advice_nl}"},
        ),
    ),
    "yaml.control-character": Code(
        E,
        Text(
            "the invisible control character {char} is not allowed",
            "delete it; it often comes from copying text out of a PDF or a web page",
            {"more": "delete it; it often comes from copying text out of a PDF or a web page. The file has {more} "
                     "more such characters after this one, not listed one by one"},
        ),
        Text(
            "het onzichtbare stuurteken {char} is niet toegelaten",
            "verwijder het; het komt vaak mee bij kopiëren uit een PDF of webpagina",
            {"more": "verwijder het; het komt vaak mee bij kopiëren uit een PDF of webpagina. Het bestand heeft "
                     "na dit teken nog {more} zulke tekens, die niet één voor één vermeld worden"},
        ),
    ),
    "yaml.invisible-space": Code(
        E,
        Text(
            "an invisible {name} ({char}) is here",
            "delete it, and type an ordinary space if a space belongs there; it often comes from copying "
            "text out of Word, a PDF or a web page",
            {"zero_width": "delete it; it often comes from copying text out of Word, a PDF or a web page"},
        ),
        Text(
            "hier staat een onzichtbare {name_nl} ({char})",
            "verwijder ze, en typ een gewone spatie als er een spatie hoort; ze komt vaak mee bij kopiëren "
            "uit Word, een PDF of een webpagina",
            {"zero_width": "verwijder het teken; het komt vaak mee bij kopiëren uit Word, een PDF of een webpagina"},
        ),
    ),
    "yaml.comment-in-value": Code(
        W,
        Text(
            "the text after '#' is read as a comment and is not part of the value",
            "put the whole text in quotes, e.g. name: \"Afvoeren naar het buitenland (model #8)\"",
            {"suggestion": "put the whole text in quotes: {suggestion}"},
        ),
        Text(
            "de tekst na '#' wordt gelezen als een opmerking en hoort niet bij de waarde",
            "zet de hele tekst tussen aanhalingstekens, bv. name: \"Afvoeren naar het buitenland (model #8)\"",
            {"suggestion": "zet de hele tekst tussen aanhalingstekens: {suggestion}"},
        ),
    ),
    "yaml.key-in-text": Code(
        W,
        Text(
            "this line of the text of {text_key} looks like the key {key}; as it is indented, it is part of the text",
            "if {key} is a key of its own, indent it like {text_key} (column {column})",
        ),
        Text(
            "deze regel van de tekst van {text_key} lijkt op de sleutel {key}; zoals ze ingesprongen is, hoort ze "
            "bij de tekst",
            "is {key} een eigen sleutel, laat ze dan inspringen zoals {text_key} (kolom {column})",
        ),
    ),
    "yaml.duplicate-key": Code(
        E,
        Text(
            "key {key} appears twice in this group (first on line {first_line})",
            "remove one of them or merge their contents",
        ),
        Text(
            "sleutel {key} komt twee keer voor op dit niveau (eerst op regel {first_line})",
            "verwijder er een of voeg hun inhoud samen",
        ),
    ),
    "yaml.complex-key": Code(
        E,
        Text("a key must be plain text, not a list or mapping", "write the key as text"),
        Text("een sleutel moet gewone tekst zijn, geen lijst of mapping", "schrijf de sleutel als tekst"),
    ),
    "yaml.multiple-documents": Code(
        E,
        Text(
            "the file holds more than one YAML document",
            "one fiche per file: remove the '---' line or split the file",
        ),
        Text(
            "het bestand bevat meer dan één YAML-document",
            "één fiche per bestand: verwijder de '---'-regel of splits het bestand",
        ),
    ),
    "yaml.not-a-mapping": Code(
        E,
        Text(
            "a fiche must be a group of keys with values ('id: ...', 'title: ...'), not {found}",
            "start with 'id: ...' at the start of the line",
        ),
        Text(
            "een fiche moet een groep sleutels met waarden zijn ('id: ...', 'title: ...'), geen {found_nl}",
            "begin met 'id: ...' aan het begin van de regel",
        ),
    ),
    "yaml.unsupported-tag": Code(
        E,
        Text(
            "the YAML tag {tag} is not supported",
            "if the '!' belongs to the text, put the whole value in quotes, e.g. title: \"!Voorlopig\"; "
            "otherwise remove the tag: fiches hold plain data only",
        ),
        Text(
            "de YAML-tag {tag} wordt niet ondersteund",
            "hoort de '!' bij de tekst, zet dan de hele waarde tussen aanhalingstekens, bv. title: \"!Voorlopig\"; "
            "anders verwijder de tag: fiches bevatten alleen gewone gegevens",
        ),
    ),
    "yaml.undefined-alias": Code(
        E,
        Text(
            "alias {alias} refers to no anchor",
            "if the '*' belongs to the text, put the whole value in quotes, e.g. name: \"*{name}\"; "
            "otherwise define '&{name}' before using '*{name}'",
            {"suggestion": "if the '*' belongs to the text, put the whole value in quotes: {suggestion}; "
                           "otherwise define '&{name}' before using '*{name}'"},
        ),
        Text(
            "alias {alias} verwijst naar geen anker",
            "hoort de '*' bij de tekst, zet dan de hele waarde tussen aanhalingstekens, bv. name: \"*{name}\"; "
            "anders definieer '&{name}' voor u '*{name}' gebruikt",
            {"suggestion": "hoort de '*' bij de tekst, zet dan de hele waarde tussen aanhalingstekens: "
                           "{suggestion}; anders definieer '&{name}' voor u '*{name}' gebruikt"},
        ),
    ),
    "yaml.anchor-in-text": Code(
        E,
        Text(
            "text that starts with '&' is read as an anchor (a name to use the value again): {anchor} is dropped "
            "and the value is {value}",
            "if the '&' belongs to the text, put the whole value in quotes, e.g. {example}; fiches need no anchors",
        ),
        Text(
            "tekst die met '&' begint, wordt gelezen als een anker (een naam om de waarde te hergebruiken): {anchor} "
            "valt weg en de waarde is {value}",
            "hoort de '&' bij de tekst, zet dan de hele waarde tussen aanhalingstekens, bv. {example}; "
            "fiches hebben geen ankers nodig",
        ),
    ),
    "yaml.recursive-alias": Code(
        E,
        Text("alias {alias} is used inside its own anchor", "an anchor cannot contain itself"),
        Text("alias {alias} wordt binnen zijn eigen anker gebruikt", "een anker kan zichzelf niet bevatten"),
    ),
    "yaml.alias-bomb": Code(
        E,
        Text(
            "aliases expand this file to more than {limit} values",
            "write the values out instead of nesting aliases",
        ),
        Text(
            "aliassen breiden dit bestand uit tot meer dan {limit} waarden",
            "schrijf de waarden uit in plaats van aliassen te nesten",
        ),
    ),
    "yaml.too-deep": Code(
        E,
        Text("the file nests deeper than {limit} levels", "a fiche needs only a few levels; check the brackets"),
        Text(
            "het bestand is dieper genest dan {limit} niveaus",
            "een fiche heeft maar enkele niveaus nodig; controleer de haakjes",
        ),
    ),
    "yaml.schema-comment": Code(
        W,
        Text(
            "the first line does not link the fiche schema",
            "start the file with '# yaml-language-server: $schema={schema}' so editors can help",
        ),
        Text(
            "de eerste regel verwijst niet naar het fiche-schema",
            "begin het bestand met '# yaml-language-server: $schema={schema}' zodat editors helpen",
        ),
    ),
    # --- shape of the data (JSON Schema / pydantic) ------------------------
    "schema.required": Code(
        E,
        Text("{where} misses the required key {key}", "add '{bare}: ...'"),
        Text("{where_nl} mist de verplichte sleutel {key}", "voeg '{bare}: ...' toe"),
    ),
    "schema.unknown-key": Code(
        E,
        Text(
            "unknown key {key}",
            "allowed here: {allowed}",
            {"parent": "write {parent} on a line of its own under the step, and indent {keys} below it, "
                       "two spaces further",
             "suggestion": "did you mean {suggestion}?"},
            {"belongs": "{keys} {belong} under {belongs}, not directly under the step"},
        ),
        Text(
            "onbekende sleutel {key}",
            "toegelaten hier: {allowed}",
            {"parent_nl": "schrijf {parent_nl} op een eigen regel onder de stap, en laat {keys_nl} eronder "
                          "twee spaties verder inspringen",
             "suggestion": "bedoelt u {suggestion}?"},
            {"belongs_nl": "{keys_nl} {belong_nl} onder {belongs_nl}, niet rechtstreeks onder de stap"},
        ),
    ),
    "schema.type": Code(
        E,
        Text("{found}; {expected} is expected here", "{type_hint_en}"),
        Text("{found_nl}; hier wordt {expected_nl} verwacht", "{type_hint_nl}"),
    ),
    "schema.enum": Code(
        E,
        Text(
            "{value} is not one of {allowed}",
            "choose one of {allowed}",
            {"quote_it": "write it in quotes: {quote_it}", **_SUGGEST_EN},
            {"read_as": "{plain} is read as {read_as}, not as text; the allowed values are {allowed}"},
        ),
        Text(
            "{value} is geen toegelaten waarde; kies uit {allowed}",
            "kies een van {allowed}",
            {"quote_it": "zet het tussen aanhalingstekens: {quote_it}", **_SUGGEST_NL},
            {"read_as": "{plain} wordt gelezen als {read_as_nl}, niet als tekst; de toegelaten waarden zijn "
                        "{allowed}"},
        ),
    ),
    "schema.pattern": Code(
        E,
        Text("{value} is not a valid {what}", "{pattern_hint_en}"),
        Text("{value} is ongeldig als {what_nl}", "{pattern_hint_nl}"),
    ),
    "schema.date": Code(
        E,
        Text("{value} is not a valid date: {reason}", "write a date as YYYY-MM-DD, e.g. 2024-03-01",
             {"suggestion": "did you mean {suggestion}? A date is written as YYYY-MM-DD"}),
        Text(
            "{value} is geen geldige datum: {reason_nl}",
            "schrijf een datum als JJJJ-MM-DD, bv. 2024-03-01",
            {"suggestion": "bedoelt u {suggestion}? Een datum schrijft u als JJJJ-MM-DD"},
        ),
    ),
    "schema.minimum": Code(
        E,
        Text("{value} is too small: it must be at least {limit}", "use a number of at least {limit}"),
        Text("{value} is te klein: het moet minstens {limit} zijn", "gebruik een getal van minstens {limit}"),
    ),
    "schema.empty": Code(
        E,
        Text("{where} is empty", "fill it in",
             {"advice": "{advice}", "optional": "fill it in, or remove the key: it is optional"}),
        Text("{where_nl} is leeg", "vul het in",
             {"advice_nl": "{advice_nl}", "optional": "vul het in, of verwijder de sleutel: die is optioneel"}),
    ),
    "schema.invalid": Code(
        E,
        Text("{value} is not valid here: {reason}", "see docs/authoring.md for what this key holds"),
        Text(
            "{value} is hier niet geldig ({reason})",
            "zie docs/authoring.md voor wat deze sleutel bevat",
        ),
    ),
    # --- meaning of the model: kinds, combinations and references ----------
    "model.id-mismatch": Code(
        E,
        Text(
            "id {id} differs from the file name {stem}",
            "rename the file to {id_bare}.yaml",
            {"stem_valid": "rename the file to {id_bare}.yaml or set 'id: {stem_bare}'"},
        ),
        Text(
            "id {id} verschilt van de bestandsnaam {stem}",
            "hernoem het bestand naar {id_bare}.yaml",
            {"stem_valid": "hernoem het bestand naar {id_bare}.yaml of zet 'id: {stem_bare}'"},
        ),
    ),
    "model.attribute-type": Code(
        E,
        Text(
            "attribute {name} needs exactly one of 'type', 'codelist' or 'ref' (found: {found})",
            "e.g. 'type: date', 'codelist: redenen' or 'ref: Adres'",
        ),
        Text(
            "attribuut {name} heeft precies één van 'type', 'codelist' of 'ref' nodig (gevonden: {found_nl})",
            "bv. 'type: date', 'codelist: redenen' of 'ref: Adres'",
        ),
    ),
    "model.cardinality-conflict": Code(
        E,
        Text(
            "attribute {name} says required: {required} but cardinality {cardinality}",
            "drop 'required', or use cardinality '1'/'1..n' for required and '0..1'/'0..n' for optional",
        ),
        Text(
            "attribuut {name} zegt required: {required} maar cardinaliteit {cardinality}",
            "laat 'required' weg, of gebruik '1'/'1..n' voor verplicht en '0..1'/'0..n' voor optioneel",
        ),
    ),
    "model.interaction-kind": Code(
        E,
        Text(
            "a register interaction needs either 'read: OBJECT' or 'operation' with 'object' (found: {found})",
            "e.g. '{{read: Adres}}' or '{{operation: realiseren, object: Gebouweenheid}}'",
        ),
        Text(
            "een registerinteractie heeft ofwel 'read: OBJECT' ofwel 'operation' met 'object' nodig "
            "(gevonden: {found_nl})",
            "bv. '{{read: Adres}}' of '{{operation: realiseren, object: Gebouweenheid}}'",
        ),
    ),
    "model.field-not-for-kind": Code(
        E,
        Text(
            "a step of kind {kind} cannot have {field}",
            "remove {field}; besides name, description, basis, source and unconfirmed, "
            "a step of kind {kind} takes: {allowed}",
            {"instead": "a step of kind {kind} uses {instead} instead of {field}"},
        ),
        Text(
            "een stap van soort {kind} kan geen {field} hebben",
            "verwijder {field}; naast name, description, basis, source en unconfirmed "
            "neemt een stap van soort {kind}: {allowed}",
            {"instead": "een stap van soort {kind} gebruikt {instead} in plaats van {field}"},
        ),
    ),
    "model.call-missing": Code(
        E,
        Text("step {step} is a call but names no fiche", "add 'call: ID' with the id of the fiche it starts"),
        Text(
            "stap {step} is een oproep maar noemt geen fiche",
            "voeg 'call: ID' toe met de id van de fiche die hij start",
        ),
    ),
    "model.unknown-actor": Code(
        E,
        Text(
            "actor {name} is not declared under 'actors'",
            "declare it under 'actors'",
            {**_SUGGEST_EN, "known": "declare it under 'actors' or use one of {known}"},
        ),
        Text(
            "actor {name} staat niet onder 'actors'",
            "voeg hem toe onder 'actors'",
            {**_SUGGEST_NL, "known": "voeg hem toe onder 'actors' of gebruik een van {known}"},
        ),
    ),
    "model.unknown-step": Code(
        E,
        Text(
            "step {name} does not exist in 'process'",
            "use the id of a step under 'process'",
            {**_SUGGEST_EN, "known": "use the id of a step under 'process': {known}"},
        ),
        Text(
            "stap {name} bestaat niet in 'process'",
            "gebruik de id van een stap onder 'process'",
            {**_SUGGEST_NL, "known": "gebruik de id van een stap onder 'process': {known}"},
        ),
    ),
    "model.unknown-ref": Code(
        E,
        Text(
            "{name} is neither an entity of this fiche nor a register object",
            "refer to an entity in 'shells' or to one of {objects}",
            _SUGGEST_EN,
        ),
        Text(
            "{name} is geen entiteit van deze fiche en geen registerobject",
            "verwijs naar een entiteit in 'shells' of naar een van {objects}",
            _SUGGEST_NL,
        ),
    ),
    "model.unknown-codelist": Code(
        E,
        Text("code list {name} is not declared under 'codelists'", "declare it under 'codelists' first", _SUGGEST_EN),
        Text(
            "codelijst {name} staat niet onder 'codelists'",
            "voeg ze eerst toe onder 'codelists'",
            _SUGGEST_NL,
        ),
    ),
    "model.unknown-source": Code(
        E,
        Text(
            "source {name} is not declared under 'sources'",
            "declare it under 'sources'",
            {**_SUGGEST_EN, "known": "declare it under 'sources' or use one of {known}"},
        ),
        Text(
            "bron {name} staat niet onder 'sources'",
            "voeg ze toe onder 'sources'",
            {**_SUGGEST_NL, "known": "voeg ze toe onder 'sources' of gebruik een van {known}"},
        ),
    ),
    "model.duplicate-entity": Code(
        E,
        Text("entity {name} is also declared in shell {other}", "give each entity one home and a unique name"),
        Text("entiteit {name} staat ook in schil {other}",
             "geef elke entiteit één plaats en een unieke naam"),
    ),
    "model.duplicate-value": Code(
        E,
        Text("value {value} appears twice in {where}", "remove the duplicate"),
        Text("waarde {value} komt twee keer voor in {where_nl}", "verwijder de dubbele waarde"),
    ),
    "model.object-not-in-kern": Code(
        E,
        Text(
            "register object {name} is used here but not listed in the kern (shells › kern)",
            "add '{bare}: [...]' under shells › kern with the attributes the process uses",
            {"register_suggestion": "register {register} has no object {name}: did you mean {register_suggestion}?",
             "suggestion": "did you mean {suggestion}? Otherwise add '{bare}: [...]' under shells › kern"},
        ),
        Text(
            "registerobject {name} wordt hier gebruikt maar staat niet in de kern (shells › kern)",
            "voeg '{bare}: [...]' toe onder shells › kern met de attributen die het proces gebruikt",
            {"register_suggestion": "register {register} heeft geen object {name}: bedoelt u {register_suggestion}?",
             "suggestion": "bedoelt u {suggestion}? Voeg anders '{bare}: [...]' toe onder shells › kern"},
        ),
    ),
    "model.attribute-not-in-kern": Code(
        E,
        Text(
            "attribute {name} of {object} is used here but not listed in the kern (shells › kern)",
            "add it to the list of '{object_bare}' under shells › kern",
            {"register_suggestion": "{object} has no attribute {name} in register {register}: "
                                    "did you mean {register_suggestion}?",
             "not_in_register": "{object} has no attribute {name} in register {register}; its attributes: {known}",
             "suggestion": "did you mean {suggestion}? "
                           "Otherwise add it to the list of '{object_bare}' under shells › kern"},
        ),
        Text(
            "attribuut {name} van {object} wordt hier gebruikt maar staat niet in de kern (shells › kern)",
            "voeg het toe aan de lijst van '{object_bare}' onder shells › kern",
            {"register_suggestion": "{object} heeft geen attribuut {name} in register {register}: "
                                    "bedoelt u {register_suggestion}?",
             "not_in_register": "{object} heeft geen attribuut {name} in register {register}; "
                                "de attributen: {known}",
             "suggestion": "bedoelt u {suggestion}? "
                           "Voeg het anders toe aan de lijst van '{object_bare}' onder shells › kern"},
        ),
    ),
    # --- scenarios: their shape and references --------------------------
    "model.object-id-or-status": Code(
        E,
        Text(
            "a starting object of a scenario needs either 'id' (an object of the sample register) or 'status' "
            "(a new object; attributes only with status) (found: {found})",
            "e.g. '{{id: \"20000002\"}}' or '{{status: gerealiseerd}}'",
        ),
        Text(
            "een startobject van een scenario heeft ofwel 'id' (een object van het voorbeeldregister) ofwel "
            "'status' (een nieuw object; attributes alleen met status) nodig (gevonden: {found_nl})",
            "bv. '{{id: \"20000002\"}}' of '{{status: gerealiseerd}}'",
        ),
    ),
    "model.expect-end-or-refused": Code(
        E,
        Text("a scenario ends either at an end step or with a refusal, not both",
             "keep 'end' when the scenario runs to the end, 'refused' when the register stops it"),
        Text("een scenario eindigt ofwel in een eindstap ofwel met een weigering, niet allebei",
             "behoud 'end' als het scenario tot het einde loopt, 'refused' als het register het stopt"),
    ),
    "model.not-a-decision": Code(
        E,
        Text("step {name} is a {kind}, not a decision: a scenario answers decisions only",
             "answer one of the decisions: {known}", _SUGGEST_EN),
        Text("stap {name} is een {kind_nl}, geen beslissing: een scenario beantwoordt alleen beslissingen",
             "beantwoord een van de beslissingen: {known}", _SUGGEST_NL),
    ),
    "model.unknown-branch": Code(
        E,
        Text("decision {step} has no answer {name}", "its answers: {known}", _SUGGEST_EN),
        Text("beslissing {step} heeft geen antwoord {name}", "de antwoorden: {known}", _SUGGEST_NL),
    ),
    "model.not-an-end": Code(
        E,
        Text("step {name} is a {kind}, not an end step", "the end steps: {known}", _SUGGEST_EN),
        Text("stap {name} is een {kind_nl}, geen eindstap", "de eindstappen: {known}", _SUGGEST_NL),
    ),
    # --- the process as a graph: structure ---------------------------------
    "graph.no-start": Code(
        E,
        Text("the process has no start step", "give the first step 'kind: start'"),
        Text("het proces heeft geen startstap", "geef de eerste stap 'kind: start'"),
    ),
    "graph.multiple-starts": Code(
        E,
        Text("step {step} is a second start; the process already starts at {first}",
             "a process has one start: make this a task, or split the fiche in two"),
        Text("stap {step} is een tweede start; het proces start al bij {first}",
             "een proces heeft één start: maak hiervan een taak, of splits de fiche in twee"),
    ),
    "graph.no-end": Code(
        E,
        Text("the process has no end step", "add a step with 'kind: end' for every way the process can finish"),
        Text("het proces heeft geen eindstap",
             "voeg een stap met 'kind: end' toe voor elke manier waarop het proces eindigt"),
    ),
    "graph.unreachable-step": Code(
        E,
        Text("step {step} can never be reached from the start",
             "let another step lead to it (in 'next', 'branches' or 'default'), or remove it",
             {"after": "correct step {after} first: if it is meant to lead here, this error goes away too; "
                       "otherwise let another step lead to this one, or remove it"},
             {"after": "step {step} can never be reached from the start; this probably follows from step "
                       "{after}, which {because}"}),
        Text("stap {step} is vanaf de start nooit bereikbaar",
             "laat een andere stap ernaar leiden (in 'next', 'branches' of 'default'), of verwijder hem",
             {"after": "verbeter eerst stap {after}: hoort die hierheen te leiden, dan verdwijnt ook deze fout; "
                       "laat anders een andere stap naar deze leiden, of verwijder deze stap"},
             {"after": "stap {step} is vanaf de start nooit bereikbaar; dat volgt wellicht uit stap {after}, "
                       "{because_nl}"}),
    ),
    "graph.no-way-to-end": Code(
        E,
        Text("from step {step} the process can never reach an end",
             "give it (or the steps after it) a way to an end step"),
        Text("vanaf stap {step} kan het proces nooit een einde bereiken",
             "geef hem (of de stappen erna) een weg naar een eindstap"),
    ),
    "graph.decision-branches": Code(
        E,
        Text("decision {step} leads to only one step; its answers must lead to at least two different steps",
             "list every answer under 'branches', each with the step it leads to, e.g. {{ja: ..., nee: ...}}",
             message_if={"none": "decision {step} has no 'branches'; its answers must lead to at least two "
                                 "different steps"}),
        Text("beslissing {step} leidt maar naar één stap; haar antwoorden moeten naar minstens twee "
             "verschillende stappen leiden",
             "zet elk antwoord onder 'branches', elk met de stap waarnaar het leidt, bv. {{ja: ..., nee: ...}}",
             message_if={"none": "beslissing {step} heeft geen 'branches'; haar antwoorden moeten naar minstens "
                                 "twee verschillende stappen leiden"}),
    ),
    "graph.successors": Code(
        E,
        Text("step {step} (kind {kind}) has {count} next steps; it needs exactly one",
             "give it one 'next' step",
             {"many": "keep one 'next'. To do several things at the same time, lead to a parallel_split; "
                      "to choose between them, lead to a decision"},
             {"none": "step {step} (kind {kind}) has no 'next'; it needs exactly one"}),
        Text("stap {step} (soort {kind}) heeft {count} volgende stappen; er moet er precies één zijn",
             "geef hem één volgende stap in 'next'",
             {"many": "houd één 'next'. Om meerdere dingen tegelijk te doen, leid naar een parallel_split; "
                      "om ertussen te kiezen, leid naar een beslissing"},
             {"none": "stap {step} (soort {kind}) heeft geen 'next'; er moet er precies één zijn"}),
    ),
    "graph.split-branches": Code(
        E,
        Text("parallel split {step} starts {branches}; it needs at least two",
             "list the steps that run at the same time in 'next', e.g. [a, b], or remove the split"),
        Text("parallelle splitsing {step} start {branches_nl}; er zijn er minstens twee nodig",
             "zet de stappen die tegelijk lopen in 'next', bv. [a, b], of verwijder de splitsing"),
    ),
    "graph.join-inputs": Code(
        E,
        Text("parallel join {step} is reached from {inputs}; it needs at least two",
             "a join waits for the branches of a parallel split: let each branch lead to it, or remove the join"),
        Text("parallelle samenkomst {step} wordt bereikt vanuit {inputs_nl}; er zijn er minstens twee nodig",
             "een samenkomst wacht op de takken van een parallelle splitsing: laat elke tak ernaar leiden, "
             "of verwijder de samenkomst"),
    ),
    "graph.unmatched-split": Code(
        E,
        Text("the branches of parallel split {step} do not all meet again in one parallel join",
             "let every branch lead to the same parallel_join before the process goes on",
             {"meets": "the branches first meet in {meets}, which is not a parallel_join: "
                       "make that a parallel_join, or join the branches before it"}),
        Text("de takken van parallelle splitsing {step} komen niet allemaal samen in één parallelle samenkomst",
             "laat elke tak naar dezelfde parallel_join leiden voor het proces verdergaat",
             {"meets": "de takken komen eerst samen in {meets}, en dat is geen parallel_join: "
                       "maak er een parallel_join van, of voeg de takken ervoor samen"}),
    ),
    "graph.cycle-without-decision": Code(
        E,
        Text("the loop {cycle} has no decision, so it never ends",
             "put a decision in the loop with a branch that leaves it",
             {"itself": "let 'next' lead to the step that comes after it"},
             {"itself": "step {step} leads to itself in 'next', so it never ends"}),
        Text("de lus {cycle} heeft geen beslissing, dus ze eindigt nooit",
             "zet een beslissing in de lus met een tak die eruit leidt",
             {"itself": "laat 'next' naar de stap leiden die erna komt"},
             {"itself": "stap {step} leidt in 'next' naar zichzelf, dus hij eindigt nooit"}),
    ),
    "graph.task-without-actor": Code(
        E,
        Text("task {step} has no actor", "say who does it: 'actor: ID' with an id from 'actors'"),
        Text("taak {step} heeft geen actor", "zeg wie ze uitvoert: 'actor: ID' met een id uit 'actors'"),
    ),
    # --- the process as it runs: soundness -------------------------------------
    "soundness.deadlock": Code(
        E,
        Text("{when}step {step} waits forever for {missing}, which never {runs}",
             "a parallel_join waits for all its incoming steps: use it only to join the branches of a "
             "parallel_split; where the answers of a decision come together, let them lead to a task instead"),
        Text("{when_nl}wacht stap {step} eeuwig op {missing_nl}, {runs_nl}",
             "een parallel_join wacht op al zijn inkomende stappen: gebruik hem alleen om de takken van een "
             "parallel_split samen te voegen; waar de antwoorden van een beslissing samenkomen, leid ze naar een taak"),
    ),
    "soundness.livelock": Code(
        E,
        Text("{when}the process keeps running {loop} and can never reach an end",
             "give the loop a way out that can always be taken"),
        Text("{when_nl}blijft het proces {loop} uitvoeren en kan het nooit een einde bereiken",
             "geef de lus een uitweg die altijd genomen kan worden"),
    ),
    "soundness.unfinished-branch": Code(
        E,
        Text("{when}the process reaches the end {end} while the branch through {running} has not finished",
             "join the branches of the parallel_split with a parallel_join before the end"),
        Text("{when_nl}bereikt het proces het einde {end} terwijl de tak via {running} nog niet klaar is",
             "voeg de takken van de parallel_split samen met een parallel_join voor het einde"),
    ),
    "soundness.double-run": Code(
        E,
        Text("{when}step {step} is reached by two branches at once and would run twice",
             "a step can run only once at a time: let the branches of a parallel_split meet in a parallel_join, "
             "and do not loop back to before the split while a branch is still running"),
        Text("{when_nl}wordt stap {step} door twee takken tegelijk bereikt en zou hij twee keer lopen",
             "een stap kan maar één keer tegelijk lopen: laat de takken van een parallel_split samenkomen in een "
             "parallel_join, en lus niet terug tot voor de splitsing terwijl een tak nog loopt"),
    ),
    "soundness.dead-step": Code(
        E,
        Text("step {step} can never run, whatever the answers to the decisions",
             "check the steps before it: no run of the process leads to it"),
        Text("stap {step} kan nooit lopen, wat de antwoorden op de beslissingen ook zijn",
             "controleer de stappen ervoor: geen enkele uitvoering van het proces leidt ernaartoe"),
    ),
    "soundness.undecided": Code(
        W,
        Text("the check of how the process runs stopped after {limit} situations without a verdict",
             "the process combines very many parallel branches and choices; split it into fiches that call each "
             "other (or, with 'schillen soundness', allow more with --max-states)"),
        Text("de controle van hoe het proces loopt stopte na {limit} situaties zonder oordeel",
             "het proces combineert erg veel parallelle takken en keuzes; splits het in fiches die elkaar oproepen "
             "(of laat er met 'schillen soundness' meer toe met --max-states)"),
    ),
    # --- the catalogue: several fiches together ---------------------------
    "catalogue.duplicate-id": Code(
        E,
        Text("id {id} is also used by {other}", "every fiche needs its own id"),
        Text("id {id} wordt ook gebruikt door {other}", "elke fiche heeft een eigen id nodig"),
    ),
    "catalogue.unknown-fiche": Code(
        E,
        Text(
            "fiche {name} is not among the fiches checked, nor beside this file",
            "use the id of a fiche in the folders you check (or a file ID.yaml beside this one)",
            _SUGGEST_EN,
        ),
        Text(
            "fiche {name} hoort niet bij de gecontroleerde fiches en staat niet naast dit bestand",
            "gebruik de id van een fiche in de mappen die u controleert (of een bestand ID.yaml naast dit)",
            _SUGGEST_NL,
        ),
    ),
    # --- BPMN 2.0 files: import ---------------------------------------------
    "bpmn.too-large": Code(
        E,
        Text(
            "the file is {size} bytes; a BPMN file may be at most {limit} bytes",
            "check that this is the right file: a process of 2,000 steps with its diagram takes a few megabytes",
        ),
        Text(
            "het bestand is {size} bytes; een BPMN-bestand mag hoogstens {limit} bytes zijn",
            "controleer of dit het juiste bestand is: een proces van 2.000 stappen met zijn diagram "
            "neemt enkele megabytes in",
        ),
    ),
    "bpmn.syntax": Code(
        E,
        Text(
            "the XML cannot be read: {problem}",
            "save the file again from the BPMN tool; if it was edited by hand, check the tags and quotes here",
        ),
        Text(
            "de XML kan niet gelezen worden: {problem_nl}",
            "bewaar het bestand opnieuw vanuit de BPMN-tool; werd het met de hand bewerkt, "
            "controleer dan hier de tags en aanhalingstekens",
        ),
    ),
    "bpmn.unsafe-xml": Code(
        E,
        Text(
            "the file declares a DTD or entities (<!DOCTYPE ...>), which BPMN files never need; "
            "for safety it is not read",
            "remove the <!DOCTYPE ...> part: BPMN tools never write one",
        ),
        Text(
            "het bestand declareert een DTD of entiteiten (<!DOCTYPE ...>), wat BPMN-bestanden nooit nodig "
            "hebben; uit veiligheid wordt het niet gelezen",
            "verwijder het <!DOCTYPE ...>-deel: BPMN-tools schrijven er nooit een",
        ),
    ),
    "bpmn.not-bpmn": Code(
        E,
        Text(
            "the file holds {found}, not BPMN 2.0 'definitions'",
            "export the diagram from the BPMN tool as BPMN 2.0 XML (.bpmn)",
        ),
        Text(
            "het bestand bevat {found}, geen BPMN 2.0-'definitions'",
            "exporteer het diagram vanuit de BPMN-tool als BPMN 2.0 XML (.bpmn)",
        ),
    ),
    "bpmn.no-process": Code(
        E,
        Text(
            "the file holds no process with steps",
            "draw the process in a pool, starting with a start event, or export it from the BPMN tool again",
        ),
        Text(
            "het bestand bevat geen proces met stappen",
            "teken het proces in een pool, te beginnen met een startgebeurtenis, of exporteer het opnieuw "
            "vanuit de BPMN-tool",
        ),
    ),
    "bpmn.unsupported-element": Code(
        W,
        Text(
            "element {id} ({tag}) is not supported and is left out",
            "schillen reads tasks, call activities, start, end and timer events, exclusive and parallel gateways, "
            "lanes and sequence flows; the flows to and from a left-out element are left out too",
        ),
        Text(
            "element {id} ({tag}) wordt niet ondersteund en weggelaten",
            "schillen leest taken, oproepactiviteiten, start-, eind- en timergebeurtenissen, exclusieve en "
            "parallelle gateways, lanes en sequentiestromen; de stromen van en naar een weggelaten element "
            "vallen ook weg",
        ),
    ),
    "bpmn.read-as": Code(
        W,
        Text(
            "element {id} ({tag}) is read as a {kind}",
            "what happens inside it, or the event it throws, is left out: describe it in the step's description",
            {"no_call": "it names no process to call: give it a calledElement with the id of the fiche it starts",
             "merge": "a fiche has no step that only merges flows; this one stands for 'one of the merged "
                      "branches is done', which the parallel join after it waits for"},
        ),
        Text(
            "element {id} ({tag}) wordt gelezen als {kind}",
            "wat erin gebeurt, of de gebeurtenis die het werpt, valt weg: beschrijf het in de description van de stap",
            {"no_call": "het noemt geen proces om op te roepen: geef het een calledElement met de id van de fiche "
                        "die het start",
             "merge": "een fiche heeft geen stap die alleen stromen samenvoegt; deze staat voor 'een van de "
                      "samengevoegde takken is klaar', waarop de parallelle samenkomst erna wacht"},
        ),
    ),
    "bpmn.broken-flow": Code(
        W,
        Text(
            "sequence flow {id} refers to {ref}, which is not an element of the process; the flow is left out",
            "connect the flow to two elements of the same process",
        ),
        Text(
            "sequentiestroom {id} verwijst naar {ref}, dat geen element van het proces is; de stroom wordt "
            "weggelaten",
            "verbind de stroom met twee elementen van hetzelfde proces",
        ),
    ),
    "bpmn.timer": Code(
        W,
        Text(
            "the timer of {id} ({tag} {value}) is not a duration schillen can read; the wait has no timer",
            "write a duration such as P8D, P2W or P1M (days, weeks, months)",
        ),
        Text(
            "de timer van {id} ({tag} {value}) is geen duur die schillen kan lezen; de wachtstap krijgt geen timer",
            "schrijf een duur zoals P8D, P2W of P1M (dagen, weken, maanden)",
        ),
    ),
    # --- scenarios: a run of the process against the embedded register ---
    "scenario.unknown-object": Code(
        E,
        Text("the sample register has no {object} with id {id}",
             "its {object} ids: {known} (schillen register list {object}); or start from a new one with 'status'",
             {"suggestion": "did you mean {suggestion}? Its {object} ids: {known}"}),
        Text("het voorbeeldregister heeft geen {object} met id {id}",
             "de ids van {object} erin: {known} (schillen register list {object}); of start van een nieuw object "
             "met 'status'",
             {"suggestion": "bedoelt u {suggestion}? De ids van {object} erin: {known}"}),
    ),
    "scenario.missing-object": Code(
        E,
        Text("scenario {scenario}: a new {object} belongs to a {needed}, and the scenario has none{where}",
             "give the scenario a {needed} under 'objects' (an id of the sample register, or a status)"),
        Text("scenario {scenario}: een nieuw {object} hoort bij een {needed}, en het scenario heeft er geen"
             "{where_nl}",
             "geef het scenario een {needed} onder 'objects' (een id uit het voorbeeldregister, of een status)"),
    ),
    "scenario.bad-object": Code(
        E,
        Text("scenario {scenario}: the register does not take this {object}: {reason}",
             "give attributes the register has, with values of their code lists, as the register spells them"),
        Text("scenario {scenario}: het register aanvaardt dit {object} niet: {reason}",
             "geef attributen die het register heeft, met waarden uit hun codelijst, gespeld zoals het register ze "
             "spelt"),
    ),
    "scenario.refused": Code(
        E,
        Text("scenario {scenario}: the register refuses {operation} on {object} in step {step} with {code}",
             "the register says: {why}; start from objects in another status, take other answers, or, when this "
             "refusal is what the scenario shows, write it under 'expect: refused'",
             {"code_close": "did you mean {code}? The register says: {why}",
              "expected_code": "write the register's code {code} here, or check the scenario; the register says: "
                               "{why}",
              "expected": "the register says: {why}; the scenario expects the refusal at {expected}"},
             {"expected_code": "scenario {scenario} expects code {expected_code}, but the register gives {code} "
                               "({operation} on {object} in step {step})"}),
        Text("scenario {scenario}: het register weigert {operation} op {object} in stap {step} met {code}",
             "het register zegt: {why_nl}; start van objecten in een andere status, kies andere antwoorden, of "
             "schrijf de weigering onder 'expect: refused' als het scenario net die wil tonen",
             {"code_close": "bedoelt u {code}? Het register zegt: {why_nl}",
              "expected_code": "schrijf hier de code van het register, {code}, of controleer het scenario; het "
                               "register zegt: {why_nl}",
              "expected": "het register zegt: {why_nl}; het scenario verwacht de weigering bij {expected}"},
             {"expected_code": "scenario {scenario} verwacht code {expected_code}, maar het register geeft {code} "
                               "({operation} op {object} in stap {step})"}),
    ),
    "scenario.not-refused": Code(
        E,
        Text("scenario {scenario} expects the register to refuse step {step} with {code}, "
             "but it runs to the end at {end}",
             "check the starting objects and the answers, or remove 'refused' when the run is right"),
        Text("scenario {scenario} verwacht dat het register stap {step} weigert met {code}, "
             "maar het loopt tot het einde in {end}",
             "controleer de startobjecten en de antwoorden, of verwijder 'refused' als de loop juist is"),
    ),
    "scenario.wrong-end": Code(
        E,
        Text("scenario {scenario} ends at {end}, not at {expected}",
             "check the answers the scenario gives at the decisions, or correct 'end'"),
        Text("scenario {scenario} eindigt in {end}, niet in {expected}",
             "controleer de antwoorden van het scenario bij de beslissingen, of verbeter 'end'"),
    ),
    "scenario.no-answer": Code(
        E,
        Text("scenario {scenario} reaches decision {step} ({name}) but has no answer for it",
             "add the answer under 'answers' ({known}); a list gives one answer per time",
             message_if={"again": "scenario {scenario} reaches decision {step} ({name}) for the {again} time but "
                                  "has only {answers} for it"}),
        Text("scenario {scenario} komt bij beslissing {step} ({name}) maar heeft er geen antwoord voor",
             "voeg het antwoord toe onder 'answers' ({known}); een lijst geeft één antwoord per keer",
             message_if={"again": "scenario {scenario} komt voor de {visit}e keer bij beslissing {step} ({name}) "
                                  "maar heeft er maar {answers_nl} voor"}),
    ),
    "scenario.stuck": Code(
        E,
        Text("scenario {scenario} cannot go on: it waits at {steps} for branches that never come",
             "the process is not sound; run 'schillen soundness' on the fiche"),
        Text("scenario {scenario} kan niet verder: het wacht bij {steps} op takken die nooit komen",
             "het proces is niet correct; voer 'schillen soundness' uit op de fiche"),
    ),
    "scenario.endless": Code(
        E,
        Text("scenario {scenario} runs {steps} steps without reaching an end; it keeps repeating {loop}",
             "give the decisions in the loop a list of answers that leaves it, e.g. [nee, ja]"),
        Text("scenario {scenario} loopt {steps} stappen zonder een einde te bereiken; het herhaalt {loop}",
             "geef de beslissingen in de lus een lijst antwoorden die eruit leidt, bv. [nee, ja]"),
    ),
    "scenario.unexpected-value": Code(
        W,
        Text("scenario {scenario}: step {step} reads {attribute} {value} of {object} {id}; the step expects "
             "{expected}",
             "start from an object with a value the step expects, or take the answers that fit this one"),
        Text("scenario {scenario}: stap {step} leest {attribute} {value} van {object} {id}; de stap verwacht "
             "{expected_nl}",
             "start van een object met een waarde die de stap verwacht, of kies de antwoorden die bij deze passen"),
    ),
    "scenario.unused-answer": Code(
        W,
        Text("scenario {scenario} reaches decision {step} {visits} {times}; answer{plural} {unused} of the "
             "{given} under 'answers' {is_are} not used",
             "the run takes answer 1 the first time, answer 2 the second time, and so on: remove the answers "
             "that are not used, or check the answers before them"),
        Text("scenario {scenario} komt {visits} keer bij beslissing {step}; antwoord{plural_nl} {unused} van de "
             "{given} onder 'answers' {wordt_worden} niet gebruikt",
             "de loop neemt de eerste keer antwoord 1, de tweede keer antwoord 2, enzovoort: verwijder de "
             "antwoorden die niet gebruikt worden, of controleer de antwoorden ervoor"),
    ),
    # --- register interfaces: names a register file (or a fiche) uses ------
    "register.unknown-object": Code(
        E,
        Text("{name} is not an object of the register", "objects: {known}", _SUGGEST_EN),
        Text("{name} is geen object van het register", "objecten: {known}", _SUGGEST_NL),
    ),
    "register.unknown-attribute": Code(
        E,
        Text("{object} has no attribute {name}", "its attributes: {known}", _SUGGEST_EN),
        Text("{object} heeft geen attribuut {name}", "de attributen: {known}", _SUGGEST_NL),
    ),
    "register.unknown-codelist": Code(
        E,
        Text("code list {name} is not declared under 'codelists'", "declared: {known}", _SUGGEST_EN),
        Text("codelijst {name} staat niet onder 'codelists'", "wel onder 'codelists': {known}", _SUGGEST_NL),
    ),
    "register.unknown-operation": Code(
        E,
        Text("{object} has no operation {name}", "its operations: {known}", _SUGGEST_EN),
        Text("{object} heeft geen operatie {name}", "de operaties: {known}", _SUGGEST_NL),
    ),
    "register.code-not-in-list": Code(
        E,
        Text("{value} is not a value of {codelist}", "values: {known}", _SUGGEST_EN),
        Text("{value} is geen waarde van {codelist}", "waarden: {known}", _SUGGEST_NL),
    ),
    # --- a fiche against its register ------------------------------------
    "register.no-such-object": Code(
        E,
        Text("register {register} has no object {name}", "its objects: {known}", _SUGGEST_EN),
        Text("register {register} heeft geen object {name}", "de objecten: {known}", _SUGGEST_NL),
    ),
    "register.no-such-attribute": Code(
        E,
        Text("{object} has no attribute {name} in register {register}",
             "its attributes: {known}", _SUGGEST_EN),
        Text("{object} heeft geen attribuut {name} in register {register}",
             "de attributen: {known}", _SUGGEST_NL),
    ),
    "register.no-such-value": Code(
        E,
        Text("{value} is not a value of {attribute} (code list {codelist})", "values: {known}", _SUGGEST_EN),
        Text("{value} is geen waarde van {attribute} (codelijst {codelist})", "waarden: {known}", _SUGGEST_NL),
    ),
    "register.no-such-operation": Code(
        E,
        Text("the register has no operation {name} on {object}", "its operations: {known}",
             {"other": "{name} is an operation of {other}, not of {object}", **_SUGGEST_EN}),
        Text("het register heeft geen operatie {name} op {object}", "de operaties: {known}",
             {"other": "{name} is een operatie van {other_nl}, niet van {object}", **_SUGGEST_NL}),
    ),
    "register.refused-on-path": Code(
        E,
        Text("{when}step {step} runs {operation} on {object} while {subject} is {status}: "
             "the register refuses it with {reason}",
             "the register says: {why}; make sure every way to this step brings the objects to a status "
             "the operation allows (schillen register try)"),
        Text("{when_nl}voert stap {step} {operation} uit op {object} terwijl {subject} {status} is: "
             "het register weigert dat met {reason}",
             "het register zegt: {why_nl}; zorg dat elke weg naar deze stap de objecten in een status brengt "
             "die de operatie toelaat (schillen register try)"),
    ),
}
