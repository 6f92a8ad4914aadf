"""An import of contracts and what it found wrong: kept so that nothing is lost, whatever the outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from compagnon.organisations.models import TrainingCentre


class ImportRun(models.Model):
    class Mode(models.TextChoices):
        DRY_RUN = "dry_run", "Vérification (rien n'est écrit)"
        WET_RUN = "wet_run", "Import"

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        # Errors found and nothing written (the default), or a file that cannot be read at all.
        REJECTED = "rejected", "Refusé"
        FAILED = "failed", "Interrompu"

    class Channel(models.TextChoices):
        COMMAND = "command", "Ligne de commande"
        UPLOAD = "upload", "Dépôt de fichier"
        API = "api", "API"
        FORM = "form", "Saisie"

    source = models.CharField(
        "source",
        max_length=100,
        help_text="Qui a produit le fichier (un CFA, un OPCO) : avec le numéro de contrat, l'identité de chaque ligne.",
    )
    filename = models.CharField("fichier", max_length=255, blank=True)
    channel = models.CharField("canal", max_length=10, choices=Channel.choices)
    mode = models.CharField("mode", max_length=10, choices=Mode.choices)
    # Import the valid rows and report the others, instead of refusing the whole file.
    partial = models.BooleanField("importer les lignes valides", default=False)
    # A CFA's own import: it may only bring contracts of this centre.
    training_centre = models.ForeignKey(
        TrainingCentre, verbose_name="CFA", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("fini le", null=True, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    # A stored upload waiting for (or read by) its background task; empty for the command and the API.
    stored_file = models.CharField("fichier déposé", max_length=500, blank=True)
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    bytes_read = models.PositiveBigIntegerField("octets lus", default=0)
    rows = models.PositiveIntegerField("lignes lues", default=0)
    created = models.PositiveIntegerField("contrats créés", default=0)
    updated = models.PositiveIntegerField("contrats modifiés", default=0)
    unchanged = models.PositiveIntegerField("contrats inchangés", default=0)
    rejected = models.PositiveIntegerField("lignes refusées", default=0)
    message = models.TextField("message", blank=True)

    class Meta:
        verbose_name = "import de contrats"
        verbose_name_plural = "imports de contrats"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rejected__lte=F("rows")),
                name="import_counts_consistent",
                violation_error_message="Un import ne peut refuser plus de lignes qu'il n'en a lu.",
            )
        ]

    def __str__(self) -> str:
        return f"Import n°{self.pk} ({self.source}, {self.filename or self.get_channel_display()})"

    @property
    def progress(self) -> int:
        """Per cent of the file read, for the progress bar."""
        if self.status in {self.Status.DONE, self.Status.REJECTED}:
            return 100
        return min(99, int(100 * self.bytes_read / self.size)) if self.size else 0


class ImportProblem(models.Model):
    """One thing wrong in one row (or in the file itself: line 0 or the header's line 1), in French."""

    run = models.ForeignKey(ImportRun, verbose_name="import", on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField("ligne")
    column = models.CharField("colonne", max_length=60, blank=True)
    message = models.CharField("problème", max_length=500)

    class Meta:
        verbose_name = "problème d'import"
        verbose_name_plural = "problèmes d'import"
        ordering = ["run", "line", "id"]
        indexes = [models.Index(fields=["run", "line"], name="import_problem_line_idx")]

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.message}"
