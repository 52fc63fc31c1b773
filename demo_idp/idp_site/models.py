from django.conf import settings
from django.db import models


class DemoClaims(models.Model):
    """What a demo person's ID token says beyond name and address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="demo_claims")
    amr = models.JSONField(default=list, blank=True)
    acr = models.CharField(max_length=200, blank=True)
    # Only for the e-legitimation client, and only Skatteverket's test numbers.
    personal_number = models.CharField(max_length=13, blank=True)
    # For the portal's tests: "nonce" signs a wrong nonce, "signature" alters the
    # signed token after signing.
    tamper = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return f"{self.user} ({', '.join(self.amr)})"
