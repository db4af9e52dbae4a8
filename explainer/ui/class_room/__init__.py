"""The class on screen: start or join on the landing page, the teacher's controls and the projector's stage, the
student's phone that follows the teacher and answers, over :mod:`explainer.class_session` and the store.

- :mod:`.session`: this session's place in a class (which, teaching or not, pending) and its one message;
- :mod:`.memory`: what the browser keeps across a reload or a replica's death, and the phone's answer token;
- :mod:`.joining`: start, join by code or link, end, the landing page's class box and the QR code;
- :mod:`.projector`: the teacher's sidebar and stage; :mod:`.phone`: the student's;
- :mod:`.follow`: a student's page follows the teacher's, and the poll;
- :mod:`.stage`: what every page of a session in a class shows above itself.
"""

from explainer.ui.class_room.follow import follow_in_fragment, note_drawn
from explainer.ui.class_room.joining import join_from_link, keep_in_url, landing_panel
from explainer.ui.class_room.projector import publish_position
from explainer.ui.class_room.stage import class_bar, page_drawn

__all__ = [
    "class_bar",
    "follow_in_fragment",
    "join_from_link",
    "keep_in_url",
    "landing_panel",
    "note_drawn",
    "page_drawn",
    "publish_position",
]
