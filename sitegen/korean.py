"""Korean, written down once: the particles search splits off, the forms a particle takes
after math or code, and the wording the site keeps to (tests/check/test_prose.py checks
the pages against it)."""

import re

# Particles that end a Korean word; search splits them off (sitegen/search_ko.py).
PARTICLES = "에서|으로|까지|부터|에게|처럼|보다|이다|입니다|은|는|이|가|을|를|의|에|와|과|도|만|로"

# After math or code a particle is written on, with no space: `$h$를`, `` `x`가 ``, `$10$입니다`.
ATTACHED = sorted(set(PARTICLES.split("|")) | {
    "이나", "나", "이고", "이며", "이면", "이라", "라고", "이라고", "이므로", "인", "일", "이란", "란",
    "에는", "에도", "에서는", "로는", "으로는", "와는", "과는", "와의", "과의", "에서의", "만큼", "마다",
    "뿐", "까지의", "부터는", "이라는", "라는", "이지만", "지만", "였습니다", "이었습니다", "입니다만",
    "이어야", "여야", "이어서", "이니", "이든", "든", "으로서", "로서", "으로써", "로써", "이에요",
}, key=len, reverse=True)
DETACHED = re.compile(r"(?:\$|`|\))[ \t]+(?P<particle>" + "|".join(ATTACHED) + r")(?=[\s.,;:!?)]|$)", re.M)

# Wording: (pattern, what to write instead)
WORDING = [
    (re.compile(r"(?<![가-힣])곧(?![가-힣])"), "즉 (곧 means 'soon'; 'that is' is 즉)"),
    (re.compile(r"어림"), "근사 (one word for 'approximate')"),
    (re.compile(r"돌려(?:주|줍|준|줄)"), "반환합니다 (for a function's return value)"),
    (re.compile(r"(?:오류|예외|에러|Error`?)(?:를|을)?\s*(?:냅니다|내고|내며|내면|낸다|내지|냈)"),
     "발생시킵니다 (for raising an error)"),
    (re.compile(r"제자리에서"), "원소 값을 직접 바꿨다가 / 배열을 직접 바꿉니다 ('in place' is not 제자리에서)"),
    (re.compile(r"한 벌"), "하나의 코드 (a 'set' of code is not 한 벌)"),
    (re.compile(r"유별나"), "도함수의 크기가 1 정도라면 (say what 'well-behaved' means)"),
    (re.compile(r"보통(?:의)? 오차"), "대표 오차 (a typical error)"),
    (re.compile(r"조용히"), "경고 없이 / 알리지 않고 ('silently' is not 조용히)"),
    (re.compile(r"함수값|함수 값"), "함숫값 (one spelling)"),
    (re.compile(r"미분 값"), "미분값 (one spelling)"),
]
# A number computed at build time ({{ m.name:.3f }}): its last digit's sound, which the page
# cannot know, picks 로/으로, 를/을, 는/은, 와/과, 가/이. Put no such particle right after it:
# "손실은 2.26이고", "2.26입니다", "2.26까지" read right whatever the digits.
NUMBER_PARTICLE = re.compile(
    r"\{\{(?![^}]*:\s*(?:\.\d+e|order)\s*\}\})[^}]*\}\}"
    r"(?P<particle>으로|로|를|을|는|은|와|과|가)(?![가-힣])")

# 합니다체: a sentence of prose does not end in the plain form (-다.) but in -니다. (or -시다.),
# nor in 해요체 (-요.), but for a request to the reader (해 보세요.); a question may end in -까요?
PLAIN_ENDING = re.compile(r"(?<=[가-힣])(?:(?<![니시])다|(?<!세)요)\.(?=\s|$)")

# A power of ten is read "…제곱", which ends in a consonant: after it, 이/은/을/으로/과 (not
# 가/는/를/로/와). Written as math ($10^{-4}$) or as a fact shown in scientific form.
POWER_PARTICLE = re.compile(
    r"(?:10\^\{[^}]*\}\$|\{\{[^}]*:\s*(?:\.\d+e|order)\s*\}\})"
    r"(?P<particle>가|는|를|로|와|라고|라는|로서|로써|로는|와는|와의|여야)(?![가-힣])")
