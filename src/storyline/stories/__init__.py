"""Stories: which articles report the same incident, and which of them are one source.

articles -> article_features -> StoryClusterer (streaming, merges, splits)
         -> copy_groups / independent_sources per story
"""

from storyline.stories.cluster import CandidateIndex, Story, StoryChange, StoryClusterer
from storyline.stories.features import ArticleFeatures, article_features
from storyline.stories.pair_model import PairModel, default_pair_model

__all__ = [
    "ArticleFeatures",
    "CandidateIndex",
    "PairModel",
    "Story",
    "StoryChange",
    "StoryClusterer",
    "article_features",
    "default_pair_model",
]
