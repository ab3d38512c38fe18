from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.stages import EmailVerificationStage


class RoleEmailVerificationStage(EmailVerificationStage):
    """E-mail verification decided per user: mandatory for teachers and campaign managers,
    optional for learners (who may have no e-mail at all: pupils' accounts)."""

    def handle(self):
        user = self.login.user
        if user.requires_verified_email:
            self.login.email_verification = EmailVerificationMethod.MANDATORY
        elif not (self.login.email or user.email):
            self.login.email_verification = EmailVerificationMethod.NONE
        else:
            self.login.email_verification = EmailVerificationMethod.OPTIONAL
        return super().handle()
