"""SQL of the dataset stage (a package only so wheels ship the .sql files)."""
