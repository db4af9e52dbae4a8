"""The one store for what spans sessions and replicas: a class, its step, questions and answers, and the training
limit's leases and queue. SQLite in a file by default (every replica on one machine shares it), PostgreSQL for
several machines, through SQLAlchemy Core. No Streamlit, no torch."""
