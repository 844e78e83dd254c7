"""The default territory's welcome service, and (demo only) its welcome officers and an example
testimonial.

`load_default_welcome` runs with the default territories: it creates the Grand Briançonnais's
welcome service with its slogan in the four languages, and fills only what is still empty, so
staff's edits survive a re-run. `ensure_demo_welcome` is the demo's: one demo officer per
communauté de communes and one published example testimonial, all clearly marked as demo.
"""

from django.db import transaction
from django.utils import timezone

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.newcomers.models import (
    OfficerProfile,
    Testimonial,
    TestimonialStatus,
    WelcomeService,
)
from alpsatellites.setup.demo_accounts import demo_user
from alpsatellites.territories.models import Commune, Grouping, Territory

DEFAULT_TERRITORY = "grand-brianconnais"
SLOGAN = {
    "fr": "Vivez où vous voulez et travaillez là où vous vivez",
    "en": "Live where you want and work where you live",
    "it": "Vivi dove vuoi e lavora dove vivi",
    "de": "Leben Sie, wo Sie wollen, und arbeiten Sie, wo Sie leben",
}
INTRODUCTION = {
    "fr": (
        "Le Grand Briançonnais accueille celles et ceux qui veulent vivre et travailler en "
        "montagne. Dans chacune de ses trois communautés de communes, des chargés d'accueil "
        "vous aident à trouver la commune qui vous convient, un logement, une école, un espace "
        "de travail et des personnes à rencontrer."
    ),
    "en": (
        "The Grand Briançonnais welcomes people who want to live and work in the mountains. In "
        "each of its three communautés de communes, welcome officers help you find the right "
        "commune, housing, a school, a workspace and people to meet."
    ),
    "it": (
        "Il Grand Briançonnais accoglie chi vuole vivere e lavorare in montagna. In ciascuna "
        "delle sue tre comunità di comuni, i referenti dell'accoglienza vi aiutano a trovare il "
        "comune giusto, un alloggio, una scuola, uno spazio di lavoro e persone da incontrare."
    ),
    "de": (
        "Das Grand Briançonnais heißt alle willkommen, die in den Bergen leben und arbeiten "
        "möchten. In jedem seiner drei Gemeindeverbände helfen Ihnen Ansprechpersonen für "
        "Neuzugezogene, die passende Gemeinde, eine Wohnung, eine Schule, einen Arbeitsplatz "
        "und Menschen vor Ort zu finden."
    ),
}

# One demo officer per communauté de communes, by official id: (e-mail, public name, languages,
# phone in the range ARCEP reserves for fiction).
DEMO_OFFICERS = {
    "240500439": (
        "accueil-brianconnais@demo.alpsatellites.eu",
        "Camille Arnaud (demo)",
        ["fr", "en", "it"],
        "04 65 71 00 01",
    ),
    "240500462": (
        "accueil-ecrins@demo.alpsatellites.eu",
        "Lucas Bernard (demo)",
        ["fr", "en"],
        "04 65 71 00 02",
    ),
    "200067452": (
        "accueil-queyras@demo.alpsatellites.eu",
        "Inès Garnier (demo)",
        ["fr", "de", "en"],
        "04 65 71 00 03",
    ),
}
DEMO_JOB_TITLE = {
    "fr": "Compte de démonstration — personne fictive",
    "en": "Demo account — not a real person",
    "it": "Account dimostrativo — persona fittizia",
    "de": "Demo-Konto — keine echte Person",
}
DEMO_AVAILABILITY = {
    "fr": "du lundi au vendredi, 9 h – 12 h (démo)",
    "en": "Monday to Friday, 9 am – 12 noon (demo)",
    "it": "dal lunedì al venerdì, 9–12 (demo)",
    "de": "Montag bis Freitag, 9–12 Uhr (Demo)",
}
DEMO_TESTIMONIAL = {
    "signature": "Claire, graphiste — exemple de témoignage (démo)",
    "commune_code": "05023",
    "quote": (
        "Nous sommes arrivés de Lyon avec deux enfants. La chargée d'accueil nous a fait visiter "
        "trois villages, nous a présenté l'école et le coworking : six mois plus tard, nous "
        "étions installés."
    ),
}


@transaction.atomic
def load_default_welcome(log=lambda message: None) -> None:
    territory = Territory.objects.filter(slug=DEFAULT_TERRITORY).first()
    if territory is None:
        log(f"no territory {DEFAULT_TERRITORY}: welcome service not created")
        return
    # Each language's field named: a bare `slogan=` would fill the active language's only.
    service, created = WelcomeService.objects.get_or_create(
        territory=territory,
        defaults={
            **{f"slogan_{language}": text for language, text in SLOGAN.items()},
            **{f"introduction_{language}": text for language, text in INTRODUCTION.items()},
        },
    )
    changed = []
    for language in SLOGAN:
        for name, texts in (("slogan", SLOGAN), ("introduction", INTRODUCTION)):
            attribute = f"{name}_{language}"
            if not getattr(service, attribute):
                setattr(service, attribute, texts[language])
                changed.append(attribute)
    if changed:
        service.save(update_fields=changed)
        content_changed_on_commit(territory_slugs=[territory.slug])
    log(f"welcome service of {territory}: {'created' if created else 'kept'}")


@transaction.atomic
def ensure_demo_welcome() -> list[tuple[str, str]]:
    """The demo officers and the example testimonial; returns the officers' (e-mail, name)."""
    people = []
    for official_id, (email, name, languages, phone) in DEMO_OFFICERS.items():
        grouping = Grouping.objects.filter(official_id=official_id).first()
        if grouping is None:
            continue
        user = demo_user(email, name)
        role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)
        OfficerProfile.objects.get_or_create(
            user=user,
            defaults={
                "public_name": name,
                **{f"job_title_{code}": text for code, text in DEMO_JOB_TITLE.items()},
                "languages": languages,
                "phone": phone,
                "email": email,
                **{f"availability_{code}": text for code, text in DEMO_AVAILABILITY.items()},
            },
        )
        people.append((email, f"Welcome officer, {grouping.name} (demo)"))
    territory = Territory.objects.filter(slug=DEFAULT_TERRITORY).first()
    if territory is not None:
        if not Testimonial.objects.filter(
            territory=territory, signature=DEMO_TESTIMONIAL["signature"]
        ).exists():
            Testimonial.objects.create(
                territory=territory,
                commune=Commune.objects.filter(
                    territory=territory, code=DEMO_TESTIMONIAL["commune_code"]
                ).first(),
                signature=DEMO_TESTIMONIAL["signature"],
                quote=DEMO_TESTIMONIAL["quote"],
                language="fr",
                consent_given_at=timezone.now(),
                status=TestimonialStatus.PUBLISHED,
                moderated_at=timezone.now(),
            )
        content_changed_on_commit(territory_slugs=[territory.slug])
    return people
