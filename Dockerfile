# Todoke: multi-stage build; the runtime image runs `todoke serve` as an unprivileged user.
FROM python:3.11-slim-bookworm AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake && rm -rf /var/lib/apt/lists/*
COPY setup.cfg pyproject.toml constraints.txt README.md ./
COPY notifier notifier
COPY channels channels
COPY subscribers subscribers
RUN python -m venv /opt/todoke && /opt/todoke/bin/pip install --no-cache-dir -c constraints.txt .

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --home /var/lib/todoke --create-home todoke
COPY --from=build /opt/todoke /opt/todoke
COPY templates /opt/todoke-data/templates
COPY locales /opt/todoke-data/locales
ENV PATH=/opt/todoke/bin:$PATH \
    TODOKE_HOME=/opt/todoke-data \
    TODOKE_DATABASE_URL=sqlite:////var/lib/todoke/todoke.db \
    TODOKE_AUDIO_DIR=/var/lib/todoke/audio \
    PYTHONUNBUFFERED=1
USER todoke
WORKDIR /var/lib/todoke
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=2).status == 200 else 1)"
CMD ["sh", "-c", "todoke db upgrade && exec todoke serve --host 0.0.0.0 --port 8080"]
