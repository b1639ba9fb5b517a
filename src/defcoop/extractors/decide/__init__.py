"""Trained decisions on the candidates the rules propose: features, the model, its application."""

from .apply import CandidateRecord, decide_article, propose, with_article_features
from .model import CLASSES, NONE, Decider, Decision, WeightsError, load_decider

__all__ = ["CLASSES", "NONE", "CandidateRecord", "Decider", "Decision", "WeightsError", "decide_article",
           "load_decider", "propose", "with_article_features"]
