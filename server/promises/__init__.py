"""The medborgarlöfte: a promise of the municipality and the police, its commitments, the
insatser logged against them, the tertial follow-up and its public page (docs/promises.md)."""
