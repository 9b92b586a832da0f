"""MLCommons Croissant 1.0 metadata for a release: one RecordSet per table, keys and references.

Class labels are stored as integers in Parquet; each such field's
description lists the names its integers stand for.
"""

from __future__ import annotations

import json

from .._version import __version__
from ..records.fields import FieldType, model_fields
from ..records.models import FOREIGN_KEYS, PRIMARY_KEYS, TABLES

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
    "integer indices into the names given in each field's description. The record sets list the "
    "scalar columns; nested columns (paragraphs, quantities, times, entities, attribution, accounted "
    "pieces, answer turn ids) are in the same Parquet files and in the JSONL files."
)


def render(stats) -> str:
    metadata = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "interview-data",
        "description": DESCRIPTION,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "version": __version__,
        "license": "https://spdx.org/licenses/CC-BY-4.0.html",
        "url": stats.sources[0][0],
        "citeAs": "interview-data, version " + __version__,
        # one set of shards per table; their checksums are in SHA256SUMS
        "distribution": [{
            "@type": "cr:FileSet", "@id": f"{config}-parquet", "name": f"{config}-parquet",
            "includes": f"data/{config}/train-*.parquet", "encodingFormat": "application/x-parquet",
        } for config in TABLES],
        "recordSet": [_record_set(config) for config in TABLES],
    }
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"


def parent_reference(config: str) -> tuple[str, str, str] | None:
    """(column, table, column) of the table's first single-column foreign key.

    mlcroissant 1.1 resolves a reference as a left join on the referenced
    file and joins at most one reference per record set, so only the parent
    link is declared; the other keys are named in the descriptions.
    """
    for columns, target, target_columns in FOREIGN_KEYS.get(config, []):
        if len(columns) == 1:
            return columns[0], target, target_columns[0]
    return None


def _record_set(config: str) -> dict:
    reference = parent_reference(config)
    fields = [_field(config, name, kind, description, reference if reference and reference[0] == name else None)
              for name, kind, description in model_fields(TABLES[config])]
    return {
        "@type": "cr:RecordSet", "@id": config, "name": config,
        "description": (TABLES[config].__doc__ or config).strip().splitlines()[0],
        "key": [{"@id": f"{config}/{column}"} for column in PRIMARY_KEYS[config]],
        "field": [f for f in fields if f is not None],
    }


def _field(config: str, name: str, kind: FieldType, description: str | None, reference) -> dict | None:
    if kind.kind in ("list", "model"):
        return None  # nested columns are in the Parquet and JSONL files; see the card
    enum_names = [m.value for m in kind.target] if kind.kind == "enum" else None
    text = description or name
    if enum_names:
        text += " Class label index into: " + ", ".join(f"{i}={n}" for i, n in enumerate(enum_names)) + "."
    field = {
        "@type": "cr:Field", "@id": f"{config}/{name}", "name": name, "description": text,
        "dataType": "sc:Integer" if enum_names else DATA_TYPES[kind.target],
        "source": {"fileSet": {"@id": f"{config}-parquet"}, "extract": {"column": name}},
    }
    if reference is not None:
        _, table, column = reference
        field["references"] = {"fileSet": {"@id": f"{table}-parquet"}, "extract": {"column": column}}
    return field
