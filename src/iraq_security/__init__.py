"""Build a dataset of Baghdad–Erbil–Tehran security coordination from the news."""

__version__ = "0.1.0"
