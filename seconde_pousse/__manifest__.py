{
    "name": "Seconde Pousse",
    "summary": "Supervised farm interventions by integration-pathway teams for member farms",
    "version": "19.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Aix Multi Services Environnement (AMS)",
    "website": "https://github.com/ams-environnement/seconde_pousse",
    # LGPL-3, like Odoo Community and the OCA membership addon it builds on: other
    # integration-through-work structures may reuse and link it in their own addons.
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "base",
        "mail",
        "portal",
        "account",
        "hr",
        "calendar",
        "membership",
    ],
    "data": [
        "security/groups.xml",
        "security/ir.model.access.csv",
        "security/rules.xml",
        "data/ir_sequence_data.xml",
        "data/task_type_data.xml",
        "data/farm_production_data.xml",
        "views/task_type_views.xml",
        "views/farm_production_views.xml",
        "views/res_partner_views.xml",
        "views/intervention_worker_views.xml",
        "views/intervention_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/hr_employee_demo.xml",
        "demo/intervention_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "seconde_pousse/static/src/tours/*.js",
        ],
    },
}
