"""The settings object: API keys are secrets that never show in a repr or a log line."""

from assistant.settings import Settings


def test_an_api_key_is_read_from_the_environment_and_hidden_in_the_repr(monkeypatch):
    monkeypatch.setenv("JXMB_LLM_API_KEY", "sk-very-secret")
    settings = Settings(_env_file=None)

    assert settings.llm_api_key.get_secret_value() == "sk-very-secret"
    assert "sk-very-secret" not in repr(settings) and "sk-very-secret" not in str(settings.llm_api_key)
