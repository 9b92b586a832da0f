"""MLCommons Croissant 1.0 metadata for a release: one RecordSet per table, keys and references.

Every column of every table is declared, folded from the type walker:
nested models become fields with ``subField``s, lists are ``repeated``.
Class labels are stored as integers in Parquet; each enumeration is also a
``sc:Enumeration`` RecordSet whose inline data pairs every index with its
name, and the field's description names the set and its classes.
"""

from __future__ import annotations

import json
import re
from enum import Enum

from .. import _project
from ..records.fields import FieldType, model_fields
from ..records.models import FOREIGN_KEYS, PRIMARY_KEYS, TABLES, Split
from . import licences
from .citation import bibtex

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
DATA_TYPES = {str: "sc:Text", int: "sc:Integer", float: "sc:Float", bool: "sc:Boolean"}
DESCRIPTION = (
    "Interview transcripts as a relational NLP dataset: interviews, speakers, turns, sentences, "
    "claims and question/answer pairs with exact character offsets into the verbatim source. "
    "Claims record what a speaker asserted, never whether it is true. Class labels are stored as "
    "integer indices into the enumeration record set named in each field's description."
)


def responsible_ai(stats) -> dict:
    """The RAI properties, from what the release holds; what is particular to an interview is in its row."""
    n, annotated = stats.distinct["interviews"], stats.annotated
    return {
        "rai:dataCollection": (
            "Published interview transcripts, copied verbatim from their publishers' pages; each row keeps "
            "the source address and a SHA-256 of the source text, and character offsets into it."),
        "rai:dataAnnotationProtocol": (
            "Turns, sentences, speakers and question/answer pairs are derived by rule from the source text "
            "and its curated metadata. Sentence labels and claims with their attributes, quantities, times "
            "and entities follow the shipped guidelines; who annotated each interview, and how (passes, "
            "adjudication, revisions), is in interviews.annotation_note. Every build checks the annotations "
            "by rule and their offsets against the source text."),
        "rai:dataLimitations": (
            f"{n} interview{'' if n == 1 else 's'}, {annotated} annotated: figures are for these texts only. "
            "Claims record what a speaker asserted, not whether it is true; annotations may be wrong. Some "
            "sources are translations, and some metadata (listed in inferred_facts) is our inference. "
            "What a user should know about an interview's context is in interviews.care_notice."),
        "rai:dataBiases": (
            "The interviews chosen reflect the curators' selection of speakers and outlets and the "
            "publishers' editing; interviewees' statements are their own side's account; the annotators "
            "carry their own biases."),
        "rai:personalSensitiveInformation": (
            "Names and public statements of the interviewed people and their interviewers, as published; "
            "no other personal data is added."),
    }


def render(stats) -> str:
    metadata = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": _project.NAME,
        "description": DESCRIPTION,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "version": _project.VERSION,
        "license": licences.croissant_licences(licences.parts(stats)),  # one CreativeWork per part
        **({"url": _project.HOMEPAGE} if _project.HOMEPAGE else {}),  # the project's address, once it has one
        "citeAs": bibtex(),
        "datePublished": stats.latest_published_at[:10],  # the newest interview's publication date
        **responsible_ai(stats),
        # one set of shards per table; their checksums are in SHA256SUMS
        "distribution": [{
            "@type": "cr:FileSet", "@id": f"{config}-parquet", "name": f"{config}-parquet",
            "includes": f"data/{config}/*.parquet", "encodingFormat": "application/x-parquet",
        } for config in TABLES],
        "recordSet": [_record_set(config) for config in TABLES]
                     + [enumeration_record_set(enum) for enum in enumerations()],
    }
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"


def parent_reference(config: str) -> tuple[str, str, str] | None:
    """(column, table, column) of the table's first foreign key whose first column alone is the
    referenced table's primary key (the split and fold it also carries only repeat the match).

    mlcroissant 1.1 resolves a reference as a left join on the referenced
    file and joins at most one reference per record set, so only the parent
    link is declared, and only where the join cannot repeat rows; the other
    keys are named in the descriptions.
    """
    for columns, target, target_columns in FOREIGN_KEYS.get(config, []):
        if PRIMARY_KEYS[target] == (target_columns[0],):
            return columns[0], target, target_columns[0]
    return None


def enumerations() -> list[type[Enum]]:
    """Every enumeration used by a column of a table, nested ones included, in first-use order."""
    found: dict[type[Enum], None] = {}
    for config in TABLES:
        for _, kind, _ in model_fields(TABLES[config]):
            for enum in _enumerations_in(kind):
                found.setdefault(enum, None)
    return list(found)


def _enumerations_in(kind: FieldType) -> list[type[Enum]]:
    if kind.kind == "enum":
        return [kind.target]
    if kind.kind == "list":
        return _enumerations_in(kind.item)
    if kind.kind == "model":
        return [enum for _, inner, _ in model_fields(kind.target) for enum in _enumerations_in(inner)]
    return []


def enumeration_id(enum: type[Enum]) -> str:
    """``Role`` -> ``role_classes``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum.__name__).lower() + "_classes"


SPLIT_URLS = {Split.train: "cr:TrainingSplit", Split.validation: "cr:ValidationSplit", Split.test: "cr:TestSplit"}


def enumeration_record_set(enum: type[Enum]) -> dict:
    """An enumeration as a ``sc:Enumeration`` RecordSet: each class's index and name, inline; the
    splits are also a ``cr:Split`` RecordSet, each naming Croissant's standard split."""
    set_id = enumeration_id(enum)
    record_set = {
        "@type": "cr:RecordSet", "@id": set_id, "name": set_id, "dataType": "sc:Enumeration",
        "description": f"Classes of {enum.__name__}: the integer stored in a column is the index.",
        "key": [{"@id": f"{set_id}/index"}],
        "field": [
            {"@type": "cr:Field", "@id": f"{set_id}/index", "name": "index", "dataType": "sc:Integer"},
            {"@type": "cr:Field", "@id": f"{set_id}/name", "name": "name", "dataType": "sc:Text"},
        ],
        "data": [{f"{set_id}/index": index, f"{set_id}/name": member.value}
                 for index, member in enumerate(enum)],
    }
    if enum is Split:
        record_set["dataType"] = ["sc:Enumeration", "cr:Split"]
        record_set["field"].append({"@type": "cr:Field", "@id": f"{set_id}/url", "name": "url", "dataType": "sc:URL"})
        for row, member in zip(record_set["data"], enum):
            row[f"{set_id}/url"] = SPLIT_URLS[member]
    return record_set


def _record_set(config: str) -> dict:
    reference = parent_reference(config)
    fields = [_field(config, name, kind, description, reference if reference and reference[0] == name else None)
              for name, kind, description in model_fields(TABLES[config])]
    return {
        "@type": "cr:RecordSet", "@id": config, "name": config,
        "description": (TABLES[config].__doc__ or config).strip().splitlines()[0],
        "key": [{"@id": f"{config}/{column}"} for column in PRIMARY_KEYS[config]],
        "field": fields,
    }


def _field(config: str, name: str, kind: FieldType, description: str | None, reference) -> dict:
    column_source = {"fileSet": {"@id": f"{config}-parquet"}, "extract": {"column": name}}
    field = _declared_field(f"{config}/{name}", name, kind, description, column_source, path=None)
    if reference is not None:
        _, table, column = reference
        field["references"] = {"fileSet": {"@id": f"{table}-parquet"}, "extract": {"column": column}}
    return field


def _declared_field(field_id: str, name: str, kind: FieldType, description: str | None,
                    column_source: dict, path: str | None) -> dict:
    """A column, or a value nested in one at JSONPath ``path``, as a Field; models get subFields."""
    repeated = kind.kind == "list"
    value = kind.item if repeated else kind
    field = {"@type": "cr:Field", "@id": field_id, "name": name,
             "description": _field_description(description or name, value)}
    if value.kind == "model":
        item_path = "[*]" if repeated else ""
        field["subField"] = [
            _declared_field(f"{field_id}/{inner_name}", inner_name, inner, inner_description, column_source,
                            _join_path(path, item_path, inner_name))
            for inner_name, inner, inner_description in model_fields(value.target)
        ]
    else:
        field["dataType"] = _data_type(value)
    field["source"] = column_source if path is None else {**column_source, "transform": {"jsonPath": path}}
    if repeated:
        field["repeated"] = True
    return field


def _join_path(parent: str | None, item: str, name: str) -> str:
    return (parent or "") + item + ("." if parent or item else "") + name


def _data_type(kind: FieldType) -> str:
    if kind.kind == "list":
        return _data_type(kind.item)
    return "sc:Integer" if kind.kind == "enum" else DATA_TYPES[kind.target]


def _field_description(text: str, kind: FieldType) -> str:
    if kind.kind == "list":
        return _field_description(text, kind.item)
    if kind.kind != "enum":
        return text
    classes = ", ".join(f"{index}={member.value}" for index, member in enumerate(kind.target))
    return f"{text} Class label: index into the enumeration {enumeration_id(kind.target)} ({classes})."
