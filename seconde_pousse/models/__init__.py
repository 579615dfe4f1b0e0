from . import task_type
from . import farm_production
from . import res_partner
from . import intervention
from . import intervention_worker
