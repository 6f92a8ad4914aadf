"""Pure-Python generation of the demo region, one chunk at a time.

A chunk is a self-contained slice of the region: its companies, their masters and their contracts over every
school year, and the apprentices of those contracts. Memory is therefore bounded by the chunk size whatever the
total, and the same (seed, chunk index, quota) always gives the same rows. The generator knows nothing of Django:
it receives small lookup tables (ids) and yields row tuples in the column order of `TABLES`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from compagnon.core.text import normalize
from compagnon.demo import catalogue as cat
from compagnon.demo.catalogue import CertificationSpec, Sector

# The tables the generator fills, and their columns in the order of the row tuples (model field names).
TABLES: dict[str, tuple[str, ...]] = {
    "company": (
        "id", "siret", "name", "search_name", "naf", "idcc", "headcount", "kind", "commune", "employment_area",
        "department", "opco", "created_at",
    ),
    "person": (
        "id", "last_name", "first_name", "birth_name", "search_name", "birth_date", "email", "phone", "created_at",
    ),
    "supervisor_profile": ("id", "person", "job_title", "sponsor_volunteer", "vae_interest"),
    "diploma": ("id", "profile", "title", "level", "nsf", "obtained_on"),
    "experience": ("id", "profile", "kind", "description", "nsf", "start_date", "end_date"),
    "apprentice_profile": (
        "id", "person", "sex", "prior_situation", "highest_diploma_level", "disabled_worker", "qpv_resident",
        "long_term_jobseeker", "minimum_benefits",
    ),
    "contract": (
        "id", "kind", "company", "workplace_commune", "employment_area", "department", "apprentice",
        "certification", "training_centre", "opco", "signature_date", "start_date", "planned_end_date",
        "rupture_date", "rupture_cause", "rupture_initiative", "source", "source_id", "created_at", "updated_at",
        "extended_after_exam_failure", "source_name", "rupture_cause_text",
    ),
    "supervision": (
        "id", "contract", "person", "role", "is_referent", "is_second_tutor", "start_date", "end_date", "status",
        "volunteer", "good_character_attested", "novelty",
    ),
}  # fmt: skip

CHUNK_CONTRACTS = 10_000
# Names come from short lists: the same "last first" pairs recur, so their normal forms are cached.
_normal_name = lru_cache(maxsize=100_000)(normalize)
NINE_MONTHS_DAYS = 274
# Months of the school year (August to July) and the share of contracts starting in each: most start in
# September and October with the school year (DESIGN: "start mostly Sept–Oct").
MONTH_WEIGHTS = {8: 8, 9: 38, 10: 24, 11: 7, 12: 3, 1: 4, 2: 3, 3: 3, 4: 2, 5: 2, 6: 2, 7: 4}
# Contracts by school year, oldest first: apprenticeship kept growing in the 2020s.
SCHOOL_YEAR_WEIGHTS = (14.0, 15.5, 16.5, 17.5, 18.0, 18.5)
# Contracts per company over the six years, by size class: most employers take one apprentice now and then.
MEAN_CONTRACTS_BY_SIZE = (1.5, 2.4, 4.0, 9.0, 25.0)
MAX_APPRENTICES_PER_MASTER = 2  # R6223-6 (a third only for a repeat year)
OVERALL_TARGET_NINE_MONTHS = 0.21


@dataclass
class Lookups:
    """Small, bounded reference tables the generator draws from (a few thousand entries at most)."""

    communes: list[tuple[str, str, str, str]]  # insee, area code, department code, name
    commune_weights: list[float]  # cumulative, by population
    communes_by_area: dict[str, list[int]]
    certifications: dict[int, CertificationSpec]  # id -> spec
    centres_by_certification: dict[int, list[tuple[int, str, str]]]  # cert id -> (centre id, area, dept)
    opco_ids: dict[str, int]
    nsf_codes: frozenset[str]
    existing_sirets: frozenset[str] = frozenset()


@dataclass
class ChunkRows:
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in TABLES})
    ruptures: int = 0


class IdAllocator:
    def __init__(self, first_ids: dict[str, int]) -> None:
        self.next = dict(first_ids)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (as dateutil.relativedelta does; PERFORMANCE.md)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def luhn_check_digit(payload: str) -> str:
    """The digit that makes payload + digit pass the Luhn test (SIREN and SIRET keys)."""
    total = 0
    for index, char in enumerate(reversed(payload)):
        value = int(char)
        if index % 2 == 0:  # doubled: these positions sit at odd indexes once the key is appended
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def siret_for(index: int, seed: int) -> str:
    """A unique, Luhn-valid SIRET for the index-th generated organisation.

    An affine map modulo 7·10⁷ (multiplier coprime with it) spreads indexes over SIRENs 30 000 000x–99 999 999x
    without collision, so SIRETs look random yet never repeat within a seed.
    """
    base = 30_000_000 + (7_654_321 * index + 104_729 * seed) % 70_000_000
    siren = f"{base}" + luhn_check_digit(f"{base}")
    nic = "0002" if index % 7 == 0 else "0001"
    return siren + nic + luhn_check_digit(siren + nic)


def elided(prefix: str, name: str) -> str:
    """ "de Lens", "d'Arras"."""
    return f"{prefix[0]}'{name}" if name[:1].lower() in "aeiouyéèêâîôh" else f"{prefix} {name}"


@dataclass
class _Master:
    person: int
    leaves: dt.date
    ends: list[dt.date]


class ChunkGenerator:
    """Draws companies, people and contracts; one instance per seeding run, one `generate` call per chunk."""

    def __init__(
        self,
        *,
        seed: int,
        as_of: dt.date,
        lookups: Lookups,
        ids: IdAllocator,
        now_value: object,
        risk_scale: float | None = None,
    ) -> None:
        self.seed = seed
        self.as_of = as_of
        self.lk = lookups
        self.ids = ids
        self.now = now_value
        # None: calibration run, ruptures not drawn (see calibrate()).
        self.risk_scale = risk_scale
        self.raw_risk_sum = 0.0
        self.raw_risk_count = 0
        self.company_index = 0
        self.contract_number = 0
        self._sector_cum = list(accumulate(s.weight for s in cat.SECTORS))
        self._start_slots, self._start_cum = self._start_months()
        self._certs_by_sector: dict[tuple[str, bool], tuple[list[int], list[float]]] = {}
        for sector in cat.SECTORS:
            for pro in (False, True):
                ids_, weights = [], []
                for cert_id, spec in lookups.certifications.items():
                    if sector.key in spec.sectors:
                        ids_.append(cert_id)
                        weights.append(spec.weight * (4 if pro and spec.pro else 1) if (spec.pro or not pro) else 0.1)
                self._certs_by_sector[sector.key, pro] = (ids_, list(accumulate(weights)))
        self._specs_by_sector = {
            s.key: sorted((spec for spec in lookups.certifications.values() if s.key in spec.sectors), key=_level)
            for s in cat.SECTORS
        }

    # --- calendar ------------------------------------------------------------------------------------
    def _start_months(self) -> tuple[list[tuple[int, int]], list[float]]:
        """(year, month) slots of the last six school years, the current one cut at today (plus a few weeks)."""
        current = self.as_of.year if self.as_of.month >= 8 else self.as_of.year - 1
        slots, weights = [], []
        horizon = add_months(self.as_of, 1)
        for offset, year_weight in enumerate(SCHOOL_YEAR_WEIGHTS):
            school_year = current - 5 + offset
            for month, weight in MONTH_WEIGHTS.items():
                year = school_year if month >= 8 else school_year + 1
                if dt.date(year, month, 1) > horizon:
                    continue
                slots.append((year, month))
                weights.append(year_weight * weight)
        return slots, list(accumulate(weights))

    def _start_date(self, rng: random.Random) -> dt.date:
        latest = self.as_of + dt.timedelta(days=21)
        for _ in range(10):
            year, month = self._start_slots[bisect_right(self._start_cum, rng.random() * self._start_cum[-1])]
            # Early in the month is more common (first Monday of September, etc.).
            day = 1 + int(28 * rng.random() ** 1.6)
            start = dt.date(year, month, day)
            if start <= latest:
                return start
        return self.as_of

    # --- one chunk -----------------------------------------------------------------------------------
    def generate(self, *, chunk_index: int, quota: int) -> ChunkRows:
        rng = random.Random(f"compagnon-demo:{self.seed}:{chunk_index}")
        out = ChunkRows()
        self._pool: list[tuple[int, dt.date, str, dt.date, int, bool]] = []
        produced = 0
        while produced < quota:
            produced += self._company(rng, out, quota - produced)
        return out

    def _company(self, rng: random.Random, out: ChunkRows, room: int) -> int:
        lk = self.lk
        sector = cat.SECTORS[bisect_right(self._sector_cum, rng.random() * self._sector_cum[-1])]
        size_class = rng.choices(range(5), weights=sector.size_weights)[0]
        low, high = cat.SIZE_BOUNDS[size_class]
        headcount = low + int((high - low + 1) * rng.random() ** 2)
        kind, naf, idcc, opco_code = "ordinary", *rng.choice(sector.activities), sector.opco
        r = rng.random()
        if sector.key == "public":
            kind = "public"
        elif r < 0.015 and sector.key in ("agriculture", "construction", "industry", "hotels", "retail"):
            kind = "employer_group"
        elif r < 0.03 and sector.key in ("industry", "construction", "transport", "retail"):
            kind, naf, idcc, opco_code = "temporary_work", "78.20Z", "2378", "akto"
        elif r < 0.035 and sector.key in ("construction", "agriculture", "retail", "services"):
            kind, naf, idcc, opco_code = "siae", "88.99B", "3016", "uniformation"
        elif r < 0.038 and sector.key in ("services", "health", "retail"):
            kind, naf, idcc, opco_code = "intermediary_association", "78.30Z", "", "uniformation"
        commune_index = bisect_right(lk.commune_weights, rng.random() * lk.commune_weights[-1])
        insee, area, dept, town = lk.communes[commune_index]
        name = self._company_name(rng, sector, kind, town)
        while True:
            siret = siret_for(self.company_index, self.seed)
            self.company_index += 1
            if not siret.startswith("356000000") and siret not in lk.existing_sirets:
                break
        company_id = self.ids.take("company")
        opco_id = lk.opco_ids.get(opco_code) if opco_code else None
        out.rows["company"].append(
            (company_id, siret, name, normalize(name), naf, idcc, headcount, kind, insee, area, dept, opco_id, self.now)
        )
        mean = MEAN_CONTRACTS_BY_SIZE[size_class] * (1.6 if kind in ("employer_group", "temporary_work") else 1)
        count = min(room, 1 + int(rng.expovariate(1 / (mean - 1)))) if mean > 1 else 1
        starts = sorted(self._start_date(rng) for _ in range(count))
        company = _Company(company_id, sector, size_class, headcount, kind, commune_index, opco_id, name)
        for start in starts:
            self._contract(rng, out, company, start)
        return count

    def _company_name(self, rng: random.Random, sector: Sector, kind: str, town: str) -> str:
        last = rng.choice(cat.LAST_NAMES)
        if kind == "employer_group":
            return f"Groupement d'employeurs {sector.label.split(' ')[0].lower()} {rng.choice(cat.NOUNS)}"
        if kind == "temporary_work":
            return rng.choice((f"{last} Intérim", f"Intérim {rng.choice(cat.NOUNS)}", f"{town} Travail temporaire"))
        if kind == "siae":
            return rng.choice((f"Chantier d'insertion {rng.choice(cat.NOUNS)}", f"Entreprise d'insertion {last}"))
        if kind == "intermediary_association":
            return f"Association intermédiaire {rng.choice(cat.NOUNS)}"
        first = rng.choice(cat.FEMALE_FIRST_NAMES_OLD if rng.random() < 0.5 else cat.MALE_FIRST_NAMES_OLD)
        initials = "".join(rng.choice("ABCDEFGHJKLMNPRSTV") for _ in range(rng.choice((2, 3, 3))))
        return rng.choice(sector.names).format(
            last=last, first=first, town=town, place=elided("de", town), noun=rng.choice(cat.NOUNS), initials=initials
        )

    # --- one contract --------------------------------------------------------------------------------
    def _contract(self, rng: random.Random, out: ChunkRows, company: _Company, start: dt.date) -> None:
        lk, sector = self.lk, company.sector
        pro_share = sector.pro_share * (2.5 if company.kind in ("temporary_work", "employer_group") else 1)
        pro = rng.random() < pro_share
        cert_ids, cert_cum = self._certs_by_sector[sector.key, pro]
        cert_id = cert_ids[bisect_right(cert_cum, rng.random() * cert_cum[-1])]
        spec = lk.certifications[cert_id]
        months = rng.choice((6, 9, 12, 12, 12, 18, 24)) if pro else spec.months
        if not pro and months >= 24 and rng.random() < 0.15:
            months -= 12  # shortened cycle for an apprentice who already holds a diploma (L6222-7-1)
        end = add_months(start, months) - dt.timedelta(days=1)

        # Workplace: the company's commune, except for a GE, ETT or association placing the apprentice with a
        # user company elsewhere in the same zone d'emploi.
        commune_index = company.commune_index
        if company.kind in ("employer_group", "temporary_work", "intermediary_association") and rng.random() < 0.6:
            commune_index = rng.choice(lk.communes_by_area[lk.communes[commune_index][1]])
        insee, area, dept, _town = lk.communes[commune_index]
        centre_id = self._centre(rng, cert_id, area, dept)

        apprentice, birth, sex, prior, returning_broke = self._apprentice(rng, out, sector, spec.level, pro, start)
        age = (start - birth).days / 365.25
        risk = self._raw_risk(sector, company, spec.level, age, sex, prior, returning_broke)
        self.raw_risk_sum += risk
        self.raw_risk_count += 1
        rupture, cause, initiative = None, "", ""
        if self.risk_scale is not None and start <= self.as_of:
            rupture, cause, initiative = self._rupture(rng, risk, start, end, pro)
        if rupture is not None:
            out.ruptures += 1
        finished = rupture or end
        if finished <= self.as_of and age < 28:
            self._pool.append((apprentice, birth, sex, finished, spec.level, rupture is not None))

        contract_id = self.ids.take("contract")
        self.contract_number += 1
        signature = start - dt.timedelta(days=rng.randint(3, 45))
        out.rows["contract"].append(
            (
                contract_id, "professionnalisation" if pro else "apprentissage", company.id, insee, area, dept,
                apprentice, cert_id, centre_id, company.opco_id, signature.isoformat(), start.isoformat(),
                end.isoformat(), rupture.isoformat() if rupture else None, cause, initiative, "demo",
                f"DEMO-{self.seed}-{self.contract_number:07d}", self.now, self.now, False, "demo", "",
            )
        )  # fmt: skip
        self._supervisions(rng, out, company, contract_id, spec, pro, start, finished)

    def _centre(self, rng: random.Random, cert_id: int, area: str, dept: str) -> int | None:
        centres = self.lk.centres_by_certification.get(cert_id)
        if not centres:
            return None
        # Apprentices mostly train near the workplace: same zone d'emploi, else same département, else anywhere.
        u = rng.random()
        if u < 0.65:
            near = [c for c in centres if c[1] == area]
            if near:
                return rng.choice(near)[0]
        if u < 0.9:
            near = [c for c in centres if c[2] == dept]
            if near:
                return rng.choice(near)[0]
        return rng.choice(centres)[0]

    # --- people --------------------------------------------------------------------------------------
    def _apprentice(
        self, rng: random.Random, out: ChunkRows, sector: Sector, level: int, pro: bool, start: dt.date
    ) -> tuple[int, dt.date, str, str, bool]:
        # rules-fr §6.9–6.11: some apprentices sign again after a rupture (6 % within 2 months, 2 % within 2–6
        # months) and some go on to a higher level after completing a cycle.
        if self._pool and rng.random() < 0.10:
            for _ in range(6):
                index = rng.randrange(len(self._pool))
                person, birth, sex, available, old_level, broke = self._pool[index]
                if (
                    start - dt.timedelta(days=200) <= available <= start - dt.timedelta(days=3)
                    and (level > old_level or (broke and level >= old_level - 1))
                    and (start - birth).days < 29 * 365
                ):
                    self._pool[index] = self._pool[-1]
                    self._pool.pop()
                    return person, birth, sex, "apprentice", broke
        female = rng.random() < sector.female_share
        sex = "F" if female else "M"
        if pro:
            age = min(55.0, max(16.5, rng.gauss(25, 6)))
        else:
            mean = {3: 17.8, 4: 18.8, 5: 20.0, 6: 21.6, 7: 23.0}.get(level, 23.5)
            # L6222-1: 16 to 29 at the start (15 after collège); a few older ones under the L6222-2 exceptions.
            age = min(29.9, max(15.7, rng.gauss(mean, 1.6)))
        birth = start - dt.timedelta(days=int(age * 365.25))
        prior = _prior_situation(rng, level, pro, age)
        highest = _highest_level(rng, level)
        first = rng.choice(cat.FEMALE_FIRST_NAMES_YOUNG if female else cat.MALE_FIRST_NAMES_YOUNG)
        last = rng.choice(cat.LAST_NAMES)
        person_id = self.ids.take("person")
        out.rows["person"].append(
            (person_id, last, first, "", _normal_name(f"{last} {first}"), birth.isoformat(), "", "", self.now)
        )
        jobseeker = prior == "jobseeker"
        out.rows["apprentice_profile"].append(
            (
                self.ids.take("apprentice_profile"), person_id, sex, prior, highest,
                rng.random() < 0.03, rng.random() < 0.12, jobseeker and rng.random() < 0.4,
                age >= 25 and rng.random() < 0.08,
            )
        )  # fmt: skip
        return person_id, birth, sex, prior, False

    def _supervisions(
        self,
        rng: random.Random,
        out: ChunkRows,
        company: _Company,
        contract_id: int,
        spec: CertificationSpec,
        pro: bool,
        start: dt.date,
        finished: dt.date,
    ) -> None:
        role = "tutor" if pro else "master"
        rows = out.rows["supervision"]
        first = self._pick_master(rng, out, company, spec, start, finished)
        first_id = self.ids.take("supervision")
        # In the smallest companies the employer often supervises the apprentice personally (L6223-8-1).
        status = "employer" if company.headcount < 3 else "employee"
        rows.append(
            (
                first_id,
                contract_id,
                first,
                role,
                True,
                False,
                start.isoformat(),
                finished.isoformat(),
                *_facts(first_id, status),
                "",  # novelty: classified once the whole region is loaded
            )
        )
        # R6223-23: a shared tutoring team with a référent, in companies large enough to have one.
        if not pro and company.headcount >= 10 and rng.random() < 0.06:
            second = self._pick_master(rng, out, company, spec, start, finished, exclude=first)
            if second != first:
                second_id = self.ids.take("supervision")
                rows.append(
                    (
                        second_id, contract_id, second, role, False, False, start.isoformat(), finished.isoformat(),
                        *_facts(second_id, "employee"), "",
                    )
                )  # fmt: skip
        # D6325-10: a GE, ETT or association intermédiaire names a second tutor for a contrat de pro.
        if pro and company.kind in ("employer_group", "temporary_work", "intermediary_association"):
            if company.structure_tutor is None:
                company.structure_tutor = self._new_master(rng, out, company, spec, start)
            structure_id = self.ids.take("supervision")
            rows.append(
                (
                    structure_id, contract_id, company.structure_tutor, "tutor", False, True, start.isoformat(),
                    finished.isoformat(), *_facts(structure_id, "employee"), "",
                )
            )  # fmt: skip

    def _pick_master(
        self,
        rng: random.Random,
        out: ChunkRows,
        company: _Company,
        spec: CertificationSpec,
        start: dt.date,
        finished: dt.date,
        exclude: int | None = None,
    ) -> int:
        available = [
            m
            for m in company.masters
            if m.leaves > start
            and m.person != exclude
            and sum(1 for e in m.ends if e >= start) < MAX_APPRENTICES_PER_MASTER
        ]
        # A small firm has few possible masters (often the employer); a large one many.
        cap = max(1, company.headcount // 4)
        staying = [m for m in company.masters if m.leaves > start and m.person != exclude]
        # Each school year brings new masters: newcomers to the firm, or a colleague taking a first apprentice.
        want_new = not available or rng.random() < 0.2
        if want_new and len(staying) < cap:
            person = self._new_master(rng, out, company, spec, start)
            master = _Master(person, start + dt.timedelta(days=int(rng.expovariate(1 / 2500))), [])
            company.masters.append(master)
        elif available:
            master = rng.choice(available)
        else:
            # Over the R6223-6 ceiling: such contracts exist, and the platform must show them (DESIGN §4).
            master = min(staying, key=lambda m: len(m.ends))
        master.ends.append(finished)
        return master.person

    def _new_master(
        self, rng: random.Random, out: ChunkRows, company: _Company, spec: CertificationSpec, start: dt.date
    ) -> int:
        sector = company.sector
        female = rng.random() < sector.female_share
        first = rng.choice(cat.FEMALE_FIRST_NAMES_OLD if female else cat.MALE_FIRST_NAMES_OLD)
        last = rng.choice(cat.LAST_NAMES)
        age = min(62.0, max(23.0, rng.gauss(40, 9)))
        birth = start - dt.timedelta(days=int(age * 365.25))
        person_id = self.ids.take("person")
        slug = _normal_name(f"{first} {last}").replace(" ", "-")
        phone = f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}"  # ARCEP range kept for fiction
        out.rows["person"].append(
            (
                person_id, last, first, "", _normal_name(f"{last} {first}"), birth.isoformat(), f"{slug}@example.org",
                phone, self.now,
            )
        )  # fmt: skip
        profile_id = self.ids.take("supervisor_profile")
        job = rng.choice(sector.jobs)
        diplomas = out.rows["diploma"]
        experiences = out.rows["experience"]
        nsf = spec.nsf if spec.nsf in self.lk.nsf_codes else None
        has_diploma = rng.random() < 0.78
        career_start = birth + dt.timedelta(days=int(365.25 * rng.uniform(17, 23)))
        if has_diploma:
            specs = self._specs_by_sector[sector.key]
            higher = [s for s in specs if s.level >= spec.level]
            chosen = rng.choice(higher) if higher and rng.random() < 0.85 else rng.choice(specs)
            obtained = birth + dt.timedelta(days=int(365.25 * (15 + chosen.level + rng.uniform(0, 3))))
            chosen_nsf = chosen.nsf if chosen.nsf in self.lk.nsf_codes else None
            lower = [s for s in specs if s.level < chosen.level]
            if lower and rng.random() < 0.3:
                before = rng.choice(lower)
                diplomas.append(
                    (
                        self.ids.take("diploma"), profile_id, before.title, before.level,
                        before.nsf if before.nsf in self.lk.nsf_codes else None,
                        (obtained - dt.timedelta(days=730)).isoformat(),
                    )
                )  # fmt: skip
            diplomas.append(
                (self.ids.take("diploma"), profile_id, chosen.title, chosen.level, chosen_nsf, obtained.isoformat())
            )
            if rng.random() < 0.2:
                # Years as an apprentice do not count towards the experience required (R6223-22, last paragraph).
                experiences.append(
                    (
                        self.ids.take("experience"), profile_id, "apprenticeship", f"Apprentissage — {chosen.title}",
                        chosen_nsf, (obtained - dt.timedelta(days=700)).isoformat(), obtained.isoformat(),
                    )
                )  # fmt: skip
            career_start = max(career_start, obtained + dt.timedelta(days=30))
        # Current job in this company; most have years of it, a few less than the year R6223-22 asks for.
        years_here = rng.uniform(0.4, 1.0) if rng.random() < 0.04 else rng.uniform(1.2, 15)
        joined = max(career_start, start - dt.timedelta(days=int(365.25 * years_here)))
        if joined >= start:
            joined = start - dt.timedelta(days=200)
        if (joined - career_start).days > 800 and rng.random() < 0.6:
            left = joined - dt.timedelta(days=rng.randint(15, 120))
            if left > career_start:
                experiences.append(
                    (
                        self.ids.take("experience"), profile_id, "employment", f"{job} (autre employeur)", nsf,
                        career_start.isoformat(), left.isoformat(),
                    )
                )  # fmt: skip
        experiences.append(
            (
                self.ids.take("experience"), profile_id, "employment", f"{job} — {company.name}", nsf,
                joined.isoformat(), None,
            )
        )  # fmt: skip
        out.rows["supervisor_profile"].append(
            (profile_id, person_id, job, rng.random() < 0.12, rng.random() < (0.05 if has_diploma else 0.15))
        )
        return person_id

    # --- ruptures ------------------------------------------------------------------------------------
    def _raw_risk(
        self,
        sector: Sector,
        company: _Company,
        level: int,
        age: float,
        sex: str,
        prior: str,
        returning_broke: bool,
    ) -> float:
        """Relative risk of a rupture within 9 months (rules-fr §6.2–6.8), before calibration."""
        risk = cat.RUPTURE_RATE_BY_LEVEL.get(level, 0.14)
        # Published sector rates include their own mix of levels (hotels train many CAPs): damped for the same reason.
        risk *= (sector.rupture_rate / OVERALL_TARGET_NINE_MONTHS) ** 0.7
        age_rate = next(rate for bound, rate in cat.RUPTURE_RATE_BY_AGE if age < bound + 1)
        # Age and level go together (a CAP apprentice is young): the square root avoids counting it twice.
        risk *= math.sqrt(age_rate / OVERALL_TARGET_NINE_MONTHS)
        risk *= cat.SIZE_RISK[company.size_class] * cat.SEX_RISK[sex]
        risk *= cat.PRIOR_SITUATION_RISK.get(prior, 1.0)
        if returning_broke:
            risk *= 1.15  # rules-fr §6.11: who broke a contract is more likely to break again
        return risk

    def _rupture(
        self, rng: random.Random, risk: float, start: dt.date, end: dt.date, pro: bool
    ) -> tuple[dt.date | None, str, str]:
        assert self.risk_scale is not None
        target = cat.NINE_MONTH_RUPTURE_RATE_BY_START_YEAR.get(start.year, cat.NINE_MONTH_RUPTURE_RATE_LATEST)
        nine_months = min(0.85, risk * self.risk_scale * target)
        length = (end - start).days
        # rules-fr §6.11: about a third of ruptures come after 9 months, on contracts long enough for it.
        late_share = cat.SHARE_OF_RUPTURES_AFTER_NINE_MONTHS * min(1.0, max(0.0, (length - 274) / (730 - 274)))
        if rng.random() >= min(0.95, nine_months / (1 - late_share)):
            return None, "", ""
        free_days = cat.PRO_TRIAL_CALENDAR_DAYS if pro else cat.FREE_PERIOD_CALENDAR_DAYS
        early_free_share = cat.SHARE_OF_RUPTURES_IN_FREE_PERIOD / (1 - cat.SHARE_OF_RUPTURES_AFTER_NINE_MONTHS)
        if rng.random() < late_share:
            offset = rng.randint(NINE_MONTHS_DAYS, max(NINE_MONTHS_DAYS, length - 7))
        elif rng.random() < early_free_share:
            offset = int(rng.triangular(1, free_days, 6))
        else:
            offset = rng.randint(free_days + 1, max(free_days + 1, min(NINE_MONTHS_DAYS, length) - 1))
        offset = min(offset, length - 1)
        rupture = start + dt.timedelta(days=offset)
        if rupture > self.as_of:
            return None, "", ""  # it has not happened yet
        if offset <= free_days:
            # L6222-18 §1 (apprenticeship) or the trial period (contrat de pro): either party, no reason given.
            return rupture, "trial_period", "apprentice" if rng.random() < 0.55 else "employer"
        cause = _later_cause(rng, pro, near_end=(end - rupture).days < 120)
        return rupture, cause, _INITIATIVE[pro, cause]


@dataclass
class _Company:
    id: int
    sector: Sector
    size_class: int
    headcount: int
    kind: str
    commune_index: int
    opco_id: int | None
    name: str
    masters: list[_Master] = field(default_factory=list)
    structure_tutor: int | None = None


def _facts(supervision_id: int, status: str) -> tuple[str, bool | None, bool | None]:
    """What the employer attested on the contract form: almost always given, now and then left blank (unknown), drawn
    from the id so that the other draws, and the rupture rates calibrated on them, do not move."""
    return (
        "" if supervision_id % 41 == 0 else status,
        None if supervision_id % 23 == 0 else True,
        None if supervision_id % 17 == 0 else True,
    )


def _level(spec: CertificationSpec) -> int:
    return spec.level


# After the free period: written mutual agreement, resignation after the mediator, dismissal for the L6222-18 §2
# grounds, CFA exclusion (L6222-18-1), employer closing down; near the end, leaving with the diploma. rules-fr §6.11:
# about half of all ruptures are by mutual agreement, i.e. about three quarters of those after the free period.
_LATER_CAUSES = (
    ("mutual_agreement", 78),
    ("resignation", 11),
    ("dismissal", 10),
    ("employer_closure", 3),
    ("cfa_exclusion", 2),
    ("other", 2),
)
# A contrat de professionnalisation is a CDD or CDI of ordinary law: no mediator step, no CFA exclusion.
_LATER_CAUSES_PRO = (("mutual_agreement", 60), ("dismissal", 20), ("employer_closure", 5), ("other", 15))
_INITIATIVE = {
    (pro, cause): initiative
    for pro in (False, True)
    for cause, initiative in (
        ("mutual_agreement", "both"),
        ("resignation", "apprentice"),
        ("dismissal", "employer"),
        ("employer_closure", "employer"),
        ("cfa_exclusion", "cfa"),
        ("diploma_obtained", "apprentice"),
        # Under a contrat de pro "other" is mostly the learner leaving for a permanent job.
        ("other", "apprentice" if pro else "other"),
    )
}


def _later_cause(rng: random.Random, pro: bool, near_end: bool) -> str:
    causes = list(_LATER_CAUSES_PRO if pro else _LATER_CAUSES)
    if near_end and not pro:
        causes.append(("diploma_obtained", 25))
    return rng.choices([c for c, _ in causes], weights=[w for _, w in causes])[0]


def _prior_situation(rng: random.Random, level: int, pro: bool, age: float) -> str:
    if pro:
        table = (("jobseeker", 40), ("employee", 15), ("student", 20), ("school", 5), ("inactive", 8), ("other", 12))
    elif level <= 3:
        table = (
            ("school", 62), ("apprentice", 6), ("jobseeker", 10), ("trainee", 5), ("inactive", 8),
            ("employee", 3), ("other", 6),
        )  # fmt: skip
    elif level == 4:
        table = (("school", 50), ("apprentice", 20), ("jobseeker", 8), ("trainee", 4), ("inactive", 5), ("other", 13))
    else:
        table = (("student", 50), ("apprentice", 25), ("school", 10), ("jobseeker", 5), ("employee", 5), ("other", 5))
    situation = rng.choices([s for s, _ in table], weights=[w for _, w in table])[0]
    if situation == "school" and age >= 21:
        return "student"
    return situation


def _highest_level(rng: random.Random, level: int) -> int | None:
    """Highest diploma held on entry; None when the apprentice holds none (brevet at most)."""
    table = {
        3: ((None, 55), (3, 25), (4, 20)),
        4: ((None, 20), (3, 50), (4, 30)),
        5: ((4, 85), (5, 10), (3, 5)),
        6: ((5, 85), (6, 10), (4, 5)),
        7: ((6, 85), (7, 10), (5, 5)),
    }.get(level, ((level - 1, 1),))
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]
