NAME = "pm-transcripts"
SUFFIXES = (".xml",)
