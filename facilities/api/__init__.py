"""The facilities part of the REST API (/api/v1/); shared plumbing is in backend/api."""
