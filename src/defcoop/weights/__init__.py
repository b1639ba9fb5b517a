"""Trained weights shipped as package data (decisions.json, written by `defcoop train`)."""
