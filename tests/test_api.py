import roleplay


def test_public_api_is_exported_and_documented():
    for name in roleplay.__all__:
        obj = getattr(roleplay, name)
        assert obj.__doc__, name
