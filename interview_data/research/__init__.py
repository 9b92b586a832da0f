"""Research tools on the records: baselines, metrics, evaluation, agreement."""
