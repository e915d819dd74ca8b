# The Khabar API. The database runs in its own container (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --user-group khabar

WORKDIR /app
COPY . /app
# Editable, so data/ (registry, bundled articles) stays beside the code that reads it.
RUN pip install -e /app \
    && chmod 0755 /app/docker/entrypoint.sh

USER khabar
ENV KHABAR_HOST=0.0.0.0 \
    KHABAR_PORT=8000
EXPOSE 8000

CMD ["/app/docker/entrypoint.sh"]
