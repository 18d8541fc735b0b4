"""The small shared base every stage may import: errors, paths and settings, and the file locks.

Nothing here imports a stage (dlt's ``common``): extract → transform → warehouse → flows all build on it.
"""
