# Production image for Borgernes Huse: gunicorn serving Django, WhiteNoise serving static files.
# One image for every app container of docker-compose.yml (migrate, web1/web2, scheduler); see
# .env.example for the settings and docs/deployment.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF signs) needs Pango and HarfBuzz from the system, plus fonts to render with.
# gettext compiles the translation catalogues below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so code changes do not reinstall them. The project installs no packages
# of its own (it runs from the source tree); README.md* tolerates the readme being absent.
COPY pyproject.toml README.md* ./
RUN pip install .

COPY . .

# Build-time only: compile translations and collect static files with the production storage
# (hashed, compressed names for WhiteNoise). The dummy key never reaches the running container.
RUN BH_ENVIRONMENT=production DEBUG=false ALLOWED_HOSTS=build.invalid \
        SECRET_KEY=build-time-only-dummy-key-not-used-at-runtime-0123456789 \
        sh -c 'python manage.py compilemessages --use-fuzzy && python manage.py collectstatic --noinput'

RUN useradd --system --user-group --no-create-home --shell /usr/sbin/nologin app
USER app

EXPOSE 8000
# Workers, timeout and the access log: deploy/gunicorn.conf.py (GUNICORN_WORKERS, GUNICORN_TIMEOUT).
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "backend.wsgi:application"]
