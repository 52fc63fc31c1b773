"""A demo identity provider for trying the portal's sign-in locally: allauth's own OpenID
Connect provider (allauth.idp.oidc) with demo people of Borås municipality and one
e-legitimation person. Development only: a fixed key, DEBUG, SQLite, no HTTPS.

Environment: DEMO_IDP_DATA_DIR (its SQLite database and signing key; default demo_idp/var).
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DEMO_IDP_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = "django-insecure-demo-identity-provider-only"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "allauth.idp.oidc",
    "idp_site",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "idp_site.middleware.TamperedTokenMiddleware",
]
ROOT_URLCONF = "idp_site.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": str(DATA_DIR / "demo-idp.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Its own session cookie name: portal and demo provider both run on 127.0.0.1.
SESSION_COOKIE_NAME = "demo_idp_sessionid"
CSRF_COOKIE_NAME = "demo_idp_csrftoken"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = False
LOGIN_REDIRECT_URL = "/"
LANGUAGE_CODE = "sv"
USE_TZ = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def _signing_key() -> str:
    """One RSA key per data folder, made on first start (the portal reads the public half
    from the provider's JWKS)."""
    path = DATA_DIR / "signing-key.pem"
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    return path.read_text()


def _saml_certificate(key_pem: str) -> str:
    """A self-signed certificate for the SAML provider's signatures (same key)."""
    path = DATA_DIR / "saml-cert.pem"
    if not path.exists():
        import datetime

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.x509.oid import NameOID

        key = serialization.load_pem_private_key(key_pem.encode(), password=None)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "demo-idp")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=3650))
                .sign(key, hashes.SHA256()))
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path.read_text()


IDP_OIDC_PRIVATE_KEY = _signing_key()
SAML_IDP_KEY = IDP_OIDC_PRIVATE_KEY
SAML_IDP_CERT = _saml_certificate(IDP_OIDC_PRIVATE_KEY)
IDP_OIDC_ADAPTER = "idp_site.adapter.DemoOIDCAdapter"
# Every demo password is public ("demo-idp"): a fast hash keeps `make run` and the tests quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
