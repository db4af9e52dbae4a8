"""The order the suite's files start in (tests/conftest.py sorts the collection by it)."""

# The files that take longest (seconds each, measured with --durations on 2 cores, 2026-12-05), run first: pytest-xdist
# hands whole files (--dist loadfile) to whichever worker is free, in collection order, so the long ones must not come
# last for the two workers to end together. A file not listed (a second or two) runs after these.
LONGEST_FILES = (
    "test_accessibility_browser.py",  # 150
    "test_accessibility_zh_browser.py",  # 100: the pseudo-language, then Chinese, on every page
    "test_first_screen_browser.py",  # 120
    "test_browser.py",  # 79
    "test_class_faults_browser.py",  # 72
    "test_classroom.py",  # 53
    "test_limiter_processes.py",  # 52
    "test_server_process.py",  # 37
    "test_sweep_study.py",  # 35: worker processes on PostgreSQL
    "test_class_session_browser.py",  # 33
    "test_languages_browser.py",  # 20: the switch, a class in two languages
    "test_numbers_table_browser.py",  # 32
    "test_projector_browser.py",  # 27
    "test_ui_evaluation_browser.py",  # 26
    "test_logit_lab_browser.py",  # 21
    "test_draw_digit_browser.py",  # 19
    "test_explore_browser.py",  # 18
)
