from . import intervention_repeat
