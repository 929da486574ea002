"""Fixtures for the bundle tests: keys made once per session, and a small valid payload."""

from __future__ import annotations

import pytest
from bundle_factory import WORKED_EXAMPLE, make_payload

from casereader.bundles import CentralKeys, DeviceKey, PayloadDoc
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet


@pytest.fixture(scope="session")
def device() -> DeviceKey:
    return DeviceKey.generate()


@pytest.fixture(scope="session")
def other_device() -> DeviceKey:
    return DeviceKey.generate()


@pytest.fixture(scope="session")
def central() -> CentralKeys:
    return CentralKeys.generate()


@pytest.fixture(scope="session")
def other_central() -> CentralKeys:
    return CentralKeys.generate()


@pytest.fixture(scope="session")
def qs() -> QuestionSet:
    return load_question_set(WORKED_EXAMPLE)


@pytest.fixture
def payload(qs: QuestionSet) -> PayloadDoc:
    return make_payload(qs)
