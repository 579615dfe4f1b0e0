from . import intervention_repeat
from . import equipment_loan_handover
from . import intervention_invoice
from . import ledger_close
from . import ledger_reopen
from . import funder_indicators
from . import funder_indicator_line
