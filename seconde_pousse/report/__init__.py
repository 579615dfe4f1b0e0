from . import funder_indicators_xlsx
