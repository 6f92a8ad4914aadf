from django.apps import AppConfig


class CertificationsConfig(AppConfig):
    name = "compagnon.certifications"
    label = "certifications"
    verbose_name = "Certifications"
