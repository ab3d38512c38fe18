from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.stages import EmailVerificationStage


class RoleEmailVerificationStage(EmailVerificationStage):
    """E-mail verification decided per user: mandatory for teachers and campaign managers,
    optional for learners (who may have no e-mail at all: pupils' accounts). A sign-up that gives
    an e-mail address confirms it before the first log-in, so that a sign-up with an address that
    already has an account (no user: allauth's enumeration prevention) gets the same answer."""

    def handle(self):
        user = self.login.user
        if (
            user is None
            or (self.login.signup and (self.login.email or user.email))
            or user.requires_verified_email
        ):
            self.login.email_verification = EmailVerificationMethod.MANDATORY
        elif not (self.login.email or user.email):
            self.login.email_verification = EmailVerificationMethod.NONE
        else:
            self.login.email_verification = EmailVerificationMethod.OPTIONAL
        return super().handle()
