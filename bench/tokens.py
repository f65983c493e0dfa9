"""Bearer tokens for the bench scripts: HS256 JWTs as the service verifies them (issuer, groups claim).

A token is taken, in this order, from: an explicit --token, the CLIENTELE_TOKEN environment variable,
minted from CLIENTELE_JWT_SECRET (the secret the service was started with), or the dev-mode token file
target/dev-tokens.env that `./mvnw quarkus:dev` writes.
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

DEV_TOKENS = Path(__file__).resolve().parent.parent / "target" / "dev-tokens.env"


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_secret():
    """A random secret of 48 bytes' entropy, for a service the harness starts itself."""
    return secrets.token_urlsafe(48)


def mint(secret, roles, issuer=None, hours=12):
    """An HS256 token whose key is the UTF-8 bytes of the secret, as the service's CLIENTELE_JWT_SECRET."""
    now = int(time.time())
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _b64(json.dumps({"iss": issuer or os.environ.get("CLIENTELE_JWT_ISSUER", "clientele"),
                              "sub": "bench", "upn": "bench", "groups": list(roles),
                              "iat": now, "exp": now + hours * 3600}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


def resolve(explicit, role):
    """The token to send, or None when no way to get one is configured."""
    if explicit:
        return explicit
    if os.environ.get("CLIENTELE_TOKEN"):
        return os.environ["CLIENTELE_TOKEN"]
    if os.environ.get("CLIENTELE_JWT_SECRET"):
        return mint(os.environ["CLIENTELE_JWT_SECRET"], [role])
    if DEV_TOKENS.exists():
        for line in DEV_TOKENS.read_text().splitlines():
            name, _, value = line.partition("=")
            if name == f"CLIENTELE_{role.upper()}_TOKEN":
                return value
    return None
