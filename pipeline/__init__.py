"""juesuan: Chinese government budget disclosures (部门决算/预算) into a queryable dataset."""
from pipeline.version import PIPELINE_VERSION as __version__

__all__ = ["__version__"]
