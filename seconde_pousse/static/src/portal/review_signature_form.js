import { SignatureForm } from "@portal/signature_form/signature_form";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { addLoadingEffect } from "@web/core/utils/ui";
import { redirect } from "@web/core/utils/urls";

/**
 * The review's signature form (portal.signature_form) sends the opinion typed on
 * the page with the name and the signature: the server checks it as the "save"
 * button does and keeps it with the signature, in one transaction. A farmer who
 * signs without saving first loses nothing.
 */
export class ReviewSignatureForm extends SignatureForm {
    /** The ratings and comments as they stand in the opinion form. */
    get feedback() {
        const form = document.querySelector(this.props.feedbackForm);
        if (!form) {
            return undefined;
        }
        const { csrf_token, access_token, ...feedback } = Object.fromEntries(
            new FormData(form)
        );
        return feedback;
    }

    async onClickSubmit() {
        const button = this.rootRef.el.querySelector(".o_portal_sign_submit");
        const restoreButton = addLoadingEffect(button);
        const data = await rpc(this.props.callUrl, {
            name: this.signature.name,
            signature: this.signature.getSignatureImage().split(",")[1],
            feedback: this.feedback,
        });
        if (data.force_refresh) {
            redirect(data.redirect_url);
            // Do not resolve: the page is leaving.
            return new Promise(() => {});
        }
        // A refusal (an overall rating missing...): the farmer corrects and signs again.
        restoreButton();
        this.state.error = data.error || false;
    }
}

registry
    .category("public_components")
    .add("seconde_pousse.review_signature_form", ReviewSignatureForm);
