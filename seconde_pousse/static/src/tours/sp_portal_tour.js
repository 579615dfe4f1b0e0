import { registry } from "@web/core/registry";

// The farm portal, played by a farm's contact (tests/test_portal_tour.py).

function inDays(days) {
    const day = new Date(Date.now() + days * 86400000);
    return day.toISOString().slice(0, 10);
}

// Nothing sticks out of a phone's screen: no sideways scrolling.
function fitsTheScreen(page) {
    return {
        content: `${page} fits the width of the screen`,
        trigger: "#wrap",
        run() {
            const overflow = document.documentElement.scrollWidth - window.innerWidth;
            if (overflow > 1) {
                throw new Error(`${page} is ${overflow} px wider than the screen`);
            }
        },
    };
}

// A farm asks for a regular job from its portal.
registry.category("web_tour.tours").add("sp_portal_request_tour", {
    steps: () => [
        {
            content: "Ask for an intervention",
            trigger: "a.o_sp_new_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "From ten days on",
            trigger: "#requested_date_from",
            run() {
                this.anchor.value = inDays(10);
            },
        },
        {
            trigger: "#requested_date_to",
            run() {
                this.anchor.value = inDays(20);
            },
        },
        {
            content: "A harvest",
            trigger: "label.btn:contains(Récolte)",
            run: "click",
        },
        {
            trigger: "#description",
            run: "edit Cueillette des poires Williams, 2 ha.",
        },
        {
            trigger: "#workers_needed",
            run: "edit 3",
        },
        {
            content: "The farm lends its tractor",
            trigger: ".form-check:contains(Tracteur des Vergers) input",
            run: "click",
        },
        {
            content: "Every three weeks",
            trigger: "#regular",
            run: "click",
        },
        {
            trigger: "#every_weeks",
            run: "edit 3",
        },
        {
            content: "Send it",
            trigger: "button.o_sp_send_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is sent, and shows as a request",
            trigger: ".alert-success:contains(Votre demande est envoyée)",
        },
        {
            trigger: ".badge:contains(Demande)",
        },
    ],
});

// The coordinator finds the farm's request in the back office.
registry.category("web_tour.tours").add("sp_portal_request_backoffice_tour", {
    steps: () => [
        {
            content: "The request stands in the Request column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Demande)) .o_kanban_record:contains(Vergers de Rognes)",
            run: "click",
        },
        {
            content: "a regular need, every three weeks",
            trigger: ".o_field_widget[name=requested_every_weeks] input:value(3)",
        },
        {
            content: "with what the farm wrote",
            trigger: ".o_notebook .nav-link[name=description]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=description]:contains(Cueillette des poires Williams)",
        },
        {
            content: "and the tractor it lends",
            trigger: ".o_notebook .nav-link[name=equipment]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=equipment_ids]:contains(Tracteur des Vergers)",
        },
    ],
});

// A new farm fills in its review and signs it online, without saving it first: what
// it typed is signed with it. A missing overall rating is refused, then signed.
registry.category("web_tour.tours").add("sp_portal_review_sign_tour", {
    steps: () => [
        {
            content: "Open the review to sign",
            trigger: "a:contains(INT/)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "label[for=quality_rating_4]",
            run: "click",
        },
        {
            trigger: "label[for=punctuality_rating_5]",
            run: "click",
        },
        {
            trigger: "label[for=attitude_rating_5]",
            run: "click",
        },
        {
            trigger: "#farmer_comment",
            run: "edit Équipe ponctuelle et efficace.",
        },
        {
            trigger: "#follow_up_wishes",
            run: "edit La taille des pommiers en hiver.",
        },
        {
            content: "The farmer's name is proposed, the signature drawn from it",
            trigger: ".o_sp_sign_card .o_web_sign_name_and_signature input:value(Martine Roux)",
        },
        {
            trigger: "canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Sign at once, the overall rating forgotten",
            trigger: ".o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "Refused in French",
            trigger: ".o_portal_sign_error_msg:contains(Indiquez votre satisfaction globale)",
        },
        {
            trigger: "label[for=overall_rating_4]",
            run: "click",
        },
        {
            content: "Sign again",
            trigger: ".o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Signed, and the PDF is there",
            trigger: ".alert-success:contains(Merci)",
        },
        {
            content: "with the opinion typed before signing",
            trigger: "p:contains(Équipe ponctuelle et efficace.)",
        },
        {
            trigger: ".o_sp_follow_up_wishes:contains(La taille des pommiers en hiver.)",
        },
        {
            trigger: "a.o_sp_download_review",
        },
    ],
});

// The pages on a phone.
registry.category("web_tour.tours").add("sp_portal_mobile_tour", {
    steps: () => [
        {
            content: "The reviews to sign show first",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/reviews?filterby=to_sign']",
        },
        fitsTheScreen("/my"),
        {
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/interventions']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a.o_sp_new_request",
        },
        fitsTheScreen("/my/interventions"),
        {
            content: "Open the done job",
            trigger: "td a:contains(INT/)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its supervisor by her first name",
            trigger: "dd:contains(Sophie)",
        },
        fitsTheScreen("an intervention"),
        {
            trigger: "a.o_sp_review_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_sp_rating label[for=overall_rating_5]",
        },
        fitsTheScreen("a review"),
        {
            trigger: ".breadcrumb a[href='/my/reviews']",
            run: "click",
            expectUnloadPage: true,
        },
        fitsTheScreen("/my/reviews"),
        {
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/loans']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "td a:contains(Broyeur)",
        },
        fitsTheScreen("/my/loans"),
        {
            trigger: "td a:contains(Broyeur)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "dd:contains(Usé)",
        },
        fitsTheScreen("a loan"),
        {
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/interventions']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a.o_sp_new_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "button.o_sp_send_request",
        },
        fitsTheScreen("the request form"),
    ],
});
