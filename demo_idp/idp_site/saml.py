"""A tiny SAML 2.0 identity provider for the portal's SAML sign-in (allauth's `saml`
provider), as Skolfederation or ADFS would answer: the demo people, HTTP-Redirect binding in,
an assertion signed with the provider's own certificate out (HTTP-POST binding).

Development only: no single logout, no encryption, one certificate made on first start.
"""

import base64
import datetime
import uuid
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.html import escape
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from idp_site.models import DemoClaims

PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML_TIME = "%Y-%m-%dT%H:%M:%SZ"
ATTRNAME_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"


def _cert_body() -> str:
    return "".join(line for line in settings.SAML_IDP_CERT.splitlines()
                   if "CERTIFICATE" not in line)


def entity_id(request) -> str:
    return request.build_absolute_uri("/saml/metadata/")


def metadata(request):
    sso_url = request.build_absolute_uri("/saml/sso/")
    xml = f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                     entityID="{entity_id(request)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="{PROTOCOL}" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:X509Data><ds:X509Certificate>{_cert_body()}</ds:X509Certificate></ds:X509Data>
    </ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                            Location="{sso_url}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


@login_required
def sso(request):
    try:
        request_xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(request.GET["SAMLRequest"])
        authn_request = ElementTree.fromstring(request_xml)
    except (KeyError, ValueError, ElementTree.ParseError):
        return HttpResponseBadRequest("Not a SAML AuthnRequest")
    acs_url = authn_request.get("AssertionConsumerServiceURL", "")
    issuer = authn_request.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer")
    audience = issuer.text if issuer is not None else ""
    response = _signed_response(request, request.user, authn_request.get("ID", ""), acs_url,
                                audience)
    return render(request, "idp_site/saml_post.html", {
        "acs_url": acs_url, "relay_state": request.GET.get("RelayState", ""),
        "saml_response": base64.b64encode(response.encode()).decode()})


def _signed_response(request, user, in_response_to, acs_url, audience) -> str:
    now = datetime.datetime.now(datetime.UTC)
    issued = now.strftime(SAML_TIME)
    until = (now + datetime.timedelta(minutes=5)).strftime(SAML_TIME)
    extra = DemoClaims.objects.filter(user=user).first()
    context = (extra.acr if extra and extra.acr else
               "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
    assertion_id = f"_{uuid.uuid4().hex}"
    attributes = {"urn:oid:0.9.2342.19200300.100.1.3": user.email,
                  "urn:oid:2.5.4.42": user.first_name, "urn:oid:2.5.4.4": user.last_name}
    attribute_xml = "".join(
        f'<saml:Attribute Name="{name}" NameFormat="{ATTRNAME_URI}">'
        f"<saml:AttributeValue>{escape(value)}</saml:AttributeValue></saml:Attribute>"
        for name, value in attributes.items() if value)
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{assertion_id}" Version="2.0" IssueInstant="{issued}"><saml:Issuer>{escape(entity_id(request))}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{escape(user.email)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="{escape(in_response_to)}" NotOnOrAfter="{until}" Recipient="{escape(acs_url)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{issued}" NotOnOrAfter="{until}"><saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{issued}" SessionIndex="{assertion_id}"><saml:AuthnContext><saml:AuthnContextClassRef>{escape(context)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>{attribute_xml}</saml:AttributeStatement></saml:Assertion>"""  # noqa: E501
    signed_assertion = OneLogin_Saml2_Utils.add_sign(
        assertion, settings.SAML_IDP_KEY, settings.SAML_IDP_CERT)
    if isinstance(signed_assertion, bytes):
        signed_assertion = signed_assertion.decode()
    signed_assertion = signed_assertion.replace('<?xml version="1.0"?>', "").strip()
    if extra and extra.tamper == "signature":  # for the portal's tests: content after signing
        signed_assertion = signed_assertion.replace(
            escape(user.email), "chef.boras@demo.example", 1)
    return f"""<samlp:Response xmlns:samlp="{PROTOCOL}" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{issued}" Destination="{escape(acs_url)}" InResponseTo="{escape(in_response_to)}"><saml:Issuer>{escape(entity_id(request))}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{signed_assertion}</samlp:Response>"""  # noqa: E501
