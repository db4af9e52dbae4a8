"""A class session: a teacher's lesson that a room joins, follows, and answers questions in (peer instruction).
Pure logic over the store; the Streamlit side is the package explainer/ui/class_room."""
