"""The web app: FastAPI over the workflows, GOV.UK Design System pages, a JSON API."""
