# Todoke: multi-stage build; the runtime image runs `todoke serve` as an unprivileged user.
# BASE_IMAGE: any Debian-based image with python3.11 (+ venv) as `python`; scripts/docker-check.sh
# passes a local one where the default cannot be pulled.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
WORKDIR /app
# Compilers only for packages without a wheel for this platform; they stay in this stage.
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/todoke
# Dependencies first, from setup.cfg and constraints.txt alone, so that a code change reuses this layer.
COPY setup.cfg constraints.txt ./
RUN python -c "import configparser; c = configparser.ConfigParser(); c.read('setup.cfg'); \
print(c['options']['install_requires'])" > requirements.txt \
 && /opt/todoke/bin/pip install --no-cache-dir -c constraints.txt -r requirements.txt
COPY pyproject.toml README.md ./
COPY notifier notifier
COPY channels channels
COPY subscribers subscribers
RUN /opt/todoke/bin/pip install --no-cache-dir --no-deps . && /opt/todoke/bin/pip check

FROM ${BASE_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/todoke --create-home --shell /usr/sbin/nologin todoke
COPY --from=build /opt/todoke /opt/todoke
COPY templates /opt/todoke-data/templates
COPY locales /opt/todoke-data/locales
# Compile the .mo catalogues (not in git) as `make i18n` does: notifier.i18n would otherwise parse
# the .po files in every process (about 0.25 s for all 28), and a broken .po fails the build here.
RUN /opt/todoke/bin/pybabel compile --domain messages --directory /opt/todoke-data/locales \
 && /opt/todoke/bin/pybabel compile --domain notices --directory /opt/todoke-data/locales
ENV PATH=/opt/todoke/bin:$PATH \
    TODOKE_HOME=/opt/todoke-data \
    TODOKE_DATABASE_URL=sqlite:////var/lib/todoke/todoke.db \
    TODOKE_AUDIO_DIR=/var/lib/todoke/audio \
    PYTHONUNBUFFERED=1
USER todoke
# The SQLite database, the audio cache and (without TODOKE_SECRET_KEY) the dev key live here:
# mount a volume on it to keep them.
WORKDIR /var/lib/todoke
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=2).status == 200 else 1)"
# Migrations run on every start (a no-op when current); `docker run IMAGE todoke …` runs any other command.
CMD ["sh", "-c", "todoke db upgrade && exec todoke serve --host 0.0.0.0 --port 8080"]
