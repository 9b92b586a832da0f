"""Publishing a release: shards, checks, manifest, card, Croissant, figures."""
