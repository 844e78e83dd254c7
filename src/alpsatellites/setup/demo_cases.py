"""Demo only: a few example welcome cases, so that the officers' inbox, a household's "My
support" page and the welcome dashboards show something in the embedded demo.

Every household is a demo account named "(démo)"; the cases are written as they would stand
after some weeks of work (stages with their history, a first answer, messages, tasks), dated
back from today. Production never runs this (`load_default_territories` does not call it).
Idempotent: a case is recognised by its household's e-mail.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from alpsatellites.accounts.models import User
from alpsatellites.newcomers.models import (
    CaseMessage,
    CaseStageChange,
    CaseTask,
    ClosingReason,
    Stage,
    WelcomeCase,
)
from alpsatellites.newcomers.models.cases import STAGE_ORDER
from alpsatellites.newcomers.selectors.officers import grouping_officers
from alpsatellites.territories.models import Commune, Territory

from .demo_accounts import demo_user

TERRITORY = "grand-brianconnais"
# (household e-mail, name, commune code, stage, days ago, closing reason, first message)
DEMO_CASES = [
    (
        "membre@demo.alpsatellites.eu",
        "Remote worker (demo)",
        "05023",
        Stage.FIRST_CONTACT,
        9,
        "",
        "Bonjour, développeuse salariée d'une entreprise lyonnaise, je cherche un deux-pièces "
        "près de la gare de Briançon pour le printemps.",
    ),
    (
        "famille-martin@demo.alpsatellites.eu",
        "Famille Martin (démo)",
        "05093",
        Stage.EXPLORING,
        38,
        "",
        "Nous avons deux enfants de 8 et 12 ans ; le collège et la route en hiver nous "
        "inquiètent un peu.",
    ),
    (
        "famille-rossi@demo.alpsatellites.eu",
        "Famille Rossi (démo)",
        "05065",
        Stage.DISCOVERY_STAY,
        71,
        "",
        "Graphiste indépendante, mon compagnon cherche un emploi dans le tourisme.",
    ),
    (
        "famille-nowak@demo.alpsatellites.eu",
        "Famille Nowak (démo)",
        "05133",
        Stage.SETTLING,
        104,
        "",
        "Nous avons trouvé une maison à louer, reste l'école et la crèche.",
    ),
    (
        "famille-weber@demo.alpsatellites.eu",
        "Famille Weber (démo)",
        "05006",
        Stage.SETTLED,
        210,
        "",
        "Ingénieur en télétravail, nous voulons quitter Grenoble pour la vallée.",
    ),
    (
        "famille-garcia@demo.alpsatellites.eu",
        "Famille Garcia (démo)",
        "05001",
        Stage.CLOSED,
        130,
        ClosingReason.HOUSING,
        "Nous cherchons une maison avec jardin à l'année dans le Queyras.",
    ),
    (
        "famille-dupont@demo.alpsatellites.eu",
        "Famille Dupont (démo)",
        "05101",
        Stage.NEW,
        2,
        "",
        "Bonjour, pouvez-vous nous parler des écoles de Vallouise ?",
    ),
]
OFFICER_REPLY = (
    "Bonjour et bienvenue ! Je vous propose un premier échange par téléphone cette semaine : "
    "quels jours vous conviennent ?"
)


def _path_to(stage: Stage) -> list[Stage]:
    # A closed case went through first contact and exploring before it closed.
    if stage == Stage.CLOSED:
        return [Stage.NEW, Stage.FIRST_CONTACT, Stage.EXPLORING, Stage.CLOSED]
    return STAGE_ORDER[: STAGE_ORDER.index(stage) + 1]


@transaction.atomic
def ensure_demo_cases(log=lambda message: None) -> int:
    territory = Territory.objects.filter(slug=TERRITORY).first()
    if territory is None:
        return 0
    now, created = timezone.now(), 0
    for email, name, code, stage, days_ago, reason, first_words in DEMO_CASES:
        commune = Commune.objects.filter(territory=territory, code=code).first()
        household = demo_user(email, name)
        if commune is None or commune.grouping is None:
            continue
        if WelcomeCase.objects.filter(household=household).exists():
            continue
        officer = grouping_officers(commune.grouping).first()
        start = now - datetime.timedelta(days=days_ago)
        path = _path_to(stage)
        case = WelcomeCase.objects.create(
            territory=territory,
            grouping=commune.grouping,
            commune=commune,
            household=household,
            contact_name=name,
            contact_email=email,
            language="fr",
            profile={"adults": 2, "children_ages": [8, 12], "fibre": "must", "station": "nice"},
            stage=stage,
            closing_reason=reason,
            closed_at=now - datetime.timedelta(days=days_ago // 3) if reason else None,
            assigned_to=officer,
        )
        step = datetime.timedelta(days=days_ago) / (len(path) + 1)
        answered = start + datetime.timedelta(hours=20) if len(path) > 1 else None
        WelcomeCase.objects.filter(pk=case.pk).update(
            created_at=start,
            stage_changed_at=start + step * (len(path) - 1),
            first_response_at=answered,
        )
        for index, reached in enumerate(path):
            change = CaseStageChange.objects.create(
                case=case,
                from_stage=path[index - 1] if index else "",
                to_stage=reached,
                changed_by=officer if index else household,
            )
            CaseStageChange.objects.filter(pk=change.pk).update(changed_at=start + step * index)
        messages: list[tuple[User | None, bool, str, datetime.datetime]] = [
            (household, True, first_words, start)
        ]
        if answered is not None:
            messages.append((officer, False, OFFICER_REPLY, answered))
        for author, from_household, body, at in messages:
            message = CaseMessage.objects.create(
                case=case, author=author, from_household=from_household, body=body
            )
            CaseMessage.objects.filter(pk=message.pk).update(created_at=at)
        if stage in (Stage.FIRST_CONTACT, Stage.EXPLORING, Stage.SETTLING):
            CaseTask.objects.create(
                case=case,
                title="Rappeler le foyer (démo)",
                due_on=timezone.localdate() + datetime.timedelta(days=2 - days_ago % 5),
                assigned_to=officer,
            )
        created += 1
    log(f"demo welcome cases: {created} created")
    return created
