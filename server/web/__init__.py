"""The field app (pwa/) served by Flask: the shell, the service worker, Leaflet's files."""
