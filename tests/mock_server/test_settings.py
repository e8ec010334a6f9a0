from __future__ import annotations

import dataclasses

import pytest

from mock_server import Settings
from mock_server._settings import setting_fields


def test_defaults_match_the_documented_contract():
    settings = Settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.app_token_lifetime == 86400
    assert settings.user_token_lifetime == 3600
    assert 60 <= settings.code_lifetime <= 600
    assert settings.strictness == "lenient"
    assert settings.sign_in == "automatic"
    assert settings.journal_size == 10_000


def test_every_setting_documents_itself_for_the_command_line():
    for field in setting_fields():
        assert field.metadata.get("help"), field.name


def test_every_literal_setting_lists_its_choices():
    for field in setting_fields():
        if "Literal" in str(field.type) or field.type in {
            "Strictness",
            "SignInMode",
            "TokenFormat",
            "MultipleCredentials",
            "RefreshRotation",
        }:
            assert field.metadata["choices"], field.name


def test_public_urls_default_to_the_bind_address():
    settings = Settings(port=9000, api_port=9001)
    assert settings.public_auth_url == "http://127.0.0.1:9000"
    assert settings.public_api_url == "http://127.0.0.1:9001"
    assert Settings(host="0.0.0.0").public_auth_url == "http://127.0.0.1:8080"
    assert Settings(host="::1").public_auth_url == "http://[::1]:8080"
    custom = Settings(auth_base_url="https://login.example/", api_base_url="https://api.example")
    assert custom.public_auth_url == "https://login.example"
    assert custom.public_api_url == "https://api.example"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
    ],
)
def test_loopback_detection(host: str, loopback: bool):
    assert Settings(host=host).is_loopback is loopback


def test_settings_are_immutable_and_replace_makes_a_copy():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]
    assert settings.replace(port=1).port == 1
    assert settings.port == 8080


@pytest.mark.parametrize("key", ["", "   ", " padded", "padded\t"])
def test_an_empty_or_padded_admin_key_is_refused(key: str):
    # Settings(admin_key="") used to open the control plane to an empty X-Admin-Key header.
    with pytest.raises(ValueError, match="admin_key"):
        Settings(admin_key=key)


def test_an_empty_admin_key_header_never_opens_the_control_plane():
    import httpx

    from mock_server import MockState, create_app
    from mock_server._inprocess import InProcessTransport

    state = MockState(Settings(admin_key="k" * 24))
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as client:
        assert client.get("/_mock/status", headers={"X-Admin-Key": ""}).status_code == 401
