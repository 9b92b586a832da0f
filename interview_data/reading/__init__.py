"""Reading one interview: raw/<id>/ folder in, validated records out."""
