"""Language editions: an article linked to its story's original, one edition per language."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.urls import reverse
from import_export.formats.base_formats import CSV

from articles import services
from articles.models import Article
from articles.resources import ArticleResource
from tests.factories import ArticleFactory
from tests.spreadsheets.conftest import export_file, import_file, read_file
from tests.workflow.conftest import change_url, form_data

pytestmark = pytest.mark.django_db

RU, KK, EN = Article.Language.RU, Article.Language.KK, Article.Language.EN


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def original():
    return ArticleFactory(title="Kazakhstan and Mongolia sign a transit roadmap", slug="roadmap")


def russian(original, **kwargs):
    return ArticleFactory(
        title="Казахстан и Монголия подписали дорожную карту",
        slug="roadmap-ru",
        language=RU,
        translation_of=original,
        **kwargs,
    )


def test_each_edition_lists_the_others_in_one_query(original, django_assert_num_queries):
    ru = russian(original)
    kk = ArticleFactory(title="Жол картасы", language=KK, translation_of=original)

    for edition, others in [(original, [ru, kk]), (ru, [original, kk]), (kk, [original, ru])]:
        with django_assert_num_queries(1):
            assert edition.editions() == others  # in the languages' order


def test_an_article_alone_has_no_editions(original):
    assert original.editions() == []
    assert Article(title="Unsaved").editions() == []


def test_linking_to_a_translation_links_to_its_original(original):
    ru = russian(original)
    kk = ArticleFactory.build(title="Жол картасы", slug="roadmap-kk", language=KK)
    kk.translation_of = ru

    kk.full_clean()

    assert kk.translation_of_id == original.pk


def test_an_edition_in_the_originals_language_is_refused(original):
    article = ArticleFactory.build(title="Another English text", slug="other", language=EN)
    article.translation_of = original

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert error.value.message_dict["translation_of"] == [
        "This story already has its English edition: “Kazakhstan and Mongolia sign a transit "
        "roadmap”. Editions of one story are in different languages."
    ]


def test_a_second_edition_in_one_language_is_refused(original):
    russian(original)
    second = ArticleFactory.build(title="Ещё один текст", slug="second-ru", language=RU)
    second.translation_of = original

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "already has its Russian edition: “Казахстан и Монголия" in str(
        error.value.message_dict["translation_of"]
    )


def test_changing_an_editions_language_to_a_siblings_is_refused(original):
    ru = Article.objects.get(pk=russian(original).pk)
    ru.language = EN

    with pytest.raises(ValidationError) as error:
        ru.full_clean()

    assert "already has its English edition" in error.value.message_dict["translation_of"][0]


def test_changing_an_originals_language_to_a_translations_is_refused(original):
    russian(original)
    stored = Article.objects.get(pk=original.pk)
    stored.language = RU

    with pytest.raises(ValidationError) as error:
        stored.full_clean()

    assert "already has its Russian edition" in error.value.message_dict["language"][0]


def test_an_article_cannot_be_its_own_edition(original):
    original.translation_of_id = original.pk

    with pytest.raises(ValidationError) as error:
        original.full_clean()

    assert error.value.message_dict["translation_of"] == [
        "An article cannot be an edition of itself."
    ]


def test_an_original_cannot_become_a_translation_of_another_story(original):
    russian(original)
    other = ArticleFactory(title="Трасса", language=RU)
    original = Article.objects.get(pk=original.pk)
    original.translation_of = other

    with pytest.raises(ValidationError) as error:
        original.full_clean()

    assert (
        "is the original of other editions (“Казахстан и Монголия"
        in (error.value.message_dict["translation_of"][0])
    )


def test_the_database_refuses_two_translations_in_one_language(original):
    russian(original)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(title="Дубль", language=RU, translation_of=original)


def test_the_database_refuses_an_article_as_its_own_edition(original):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=original.pk).update(translation_of=original.pk)


def test_an_original_with_editions_is_not_deleted_from_under_them(original):
    russian(original)
    with pytest.raises(RestrictedError):
        Article.objects.get(pk=original.pk).delete()

    Article.objects.all().delete()  # with its editions, it goes
    assert not Article.objects.exists()


def test_saving_an_unrelated_edit_asks_nothing_about_editions(original, django_assert_num_queries):
    stored = Article.objects.get(pk=original.pk)
    stored.body = "A corrected text."
    with django_assert_num_queries(0):
        stored.clean_editions()


# -- admin --


def test_editor_links_an_edition_through_the_admin(editor_client, original):
    ru = ArticleFactory(title="Дорожная карта", language=RU, status="draft", published_at=None)

    response = editor_client.post(change_url(ru), form_data(ru, translation_of=original.pk))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get(pk=ru.pk).translation_of == original
    latest = ru.history.order_by("-history_id").first()
    assert latest.translation_of_id == original.pk  # the revision records the link


def test_admin_shows_the_refusal_on_the_link(editor_client, original):
    second = ArticleFactory(title="Other English", status="draft", published_at=None)

    response = editor_client.post(change_url(second), form_data(second, translation_of=original.pk))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already has its English edition" in errors["translation_of"][0]
    assert Article.objects.get(pk=second.pk).translation_of is None


def test_change_page_links_with_autocomplete_and_lists_the_editions(admin_client, original):
    ru = russian(original, status="draft", published_at=None)

    html = admin_client.get(change_url(original)).content.decode()

    assert 'name="translation_of"' in html
    assert 'data-ajax--url="/admin/autocomplete/"' in html  # the autocomplete widget
    assert 'data-field-name="translation_of"' in html
    assert f'<a href="{change_url(ru)}" lang="ru">Казахстан и Монголия' in html
    assert "(draft)" in html


def test_autocomplete_finds_articles_to_link(admin_client, original):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "translation_of",
            "term": "transit",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [original.title]


def test_changelist_filters_by_language(admin_client, original):
    russian(original)

    html = admin_client.get(reverse("admin:articles_article_changelist"), {"language": "ru"})

    text = html.content.decode()
    assert "Казахстан и Монголия" in text and original.title not in text


# -- history --


def test_restoring_a_revision_from_before_the_link_keeps_the_link(editor, original):
    ru = ArticleFactory(title="Дорожная карта", language=RU, status="draft", published_at=None)
    unlinked = ru.history.order_by("history_id").first()
    ru = Article.objects.get(pk=ru.pk)
    ru.translation_of = original
    services.article_save_edit(article=ru, by=editor, expected_version=ru.version)

    services.article_restore_revision(article=ru, history_id=unlinked.history_id, by=editor)

    assert Article.objects.get(pk=ru.pk).translation_of == original


def test_restoring_a_language_a_sibling_has_is_refused_with_the_reason(editor, original):
    kk = ArticleFactory(title="Жол картасы", language=EN, status="draft", published_at=None)
    in_english = kk.history.order_by("history_id").first()
    kk = Article.objects.get(pk=kk.pk)
    kk.language, kk.translation_of = KK, original
    services.article_save_edit(article=kk, by=editor, expected_version=kk.version)

    with pytest.raises(ValidationError, match="already has its English edition"):
        services.article_restore_revision(article=kk, history_id=in_english.history_id, by=editor)

    stored = Article.objects.get(pk=kk.pk)
    assert (stored.language, stored.translation_of_id) == (KK, original.pk)


# -- spreadsheets --


def test_spreadsheet_round_trip_keeps_the_link_by_slug():
    # Written before its original: the export still puts the original first.
    ru = ArticleFactory(title="Казахстан и Монголия", slug="roadmap-ru", language=RU)
    original = ArticleFactory(title="Kazakhstan and Mongolia", slug="roadmap-en")
    Article.objects.filter(pk=ru.pk).update(translation_of=original)
    content = export_file(ArticleResource, CSV)
    rows = read_file(CSV, content).dict
    assert [(r["slug"], r["translation_of"]) for r in rows] == [
        ("roadmap-en", ""),
        ("roadmap-ru", "roadmap-en"),
    ]
    Article.objects.all().delete()

    result = import_file(ArticleResource, CSV, content)

    assert not result.has_errors() and not result.has_validation_errors(), [
        r.error_dict for r in result.invalid_rows
    ]
    ru = Article.objects.get(slug="roadmap-ru")
    assert ru.translation_of == Article.objects.get(slug="roadmap-en")
    assert ru.history.get().translation_of_id == ru.translation_of_id  # its revision too
    again = import_file(ArticleResource, CSV, content)
    assert again.totals["skip"] == 2 and again.totals["update"] == 0


def test_spreadsheet_link_to_an_original_later_in_the_file_says_so(original):
    russian(original)
    dataset = read_file(CSV, export_file(ArticleResource, CSV))
    rows = dataset.dict
    dataset.wipe()
    dataset.headers = list(rows[0])
    for row in reversed(rows):  # the translation first
        dataset.append(list(row.values()))
    Article.objects.all().delete()

    result = ArticleResource().import_data(dataset)

    assert result.has_validation_errors()
    assert (
        "No article has the slug 'roadmap': name an article already in the database or on "
        "an earlier row"
    ) in str(result.invalid_rows[0].error_dict["translation_of"])
    assert not Article.objects.exists()


def test_spreadsheet_import_validates_the_link_as_the_admin_does(original):
    header = "slug,published_at,title,status,language,translation_of,body"
    row = "other-en,,Another English text,draft,en,roadmap,Text."

    result = import_file(ArticleResource, CSV, "\n".join([header, row]))

    assert "This story already has its English edition" in str(
        result.invalid_rows[0].error_dict["translation_of"]
    )
    assert not Article.objects.filter(slug="other-en").exists()


def test_spreadsheet_refuses_two_editions_of_one_language_in_one_file(original):
    header = "slug,published_at,title,status,language,translation_of,body"
    rows = [
        "ru-one,,Первый текст,draft,ru,roadmap,Текст.",
        "ru-two,,Второй текст,draft,ru,roadmap,Текст.",
    ]

    result = import_file(ArticleResource, CSV, "\n".join([header, *rows]))

    assert "The row of 'ru-one' already gives this story its Russian edition." in str(
        result.invalid_rows[0].error_dict["translation_of"]
    )
    assert not Article.objects.filter(language=RU).exists()


def test_compare_page_shows_the_link_that_changed(editor_client, editor, original):
    ru = ArticleFactory(title="Дорожная карта", language=RU, status="draft", published_at=None)
    ru = Article.objects.get(pk=ru.pk)
    ru.translation_of = original
    services.article_save_edit(article=ru, by=editor, expected_version=ru.version)

    html = editor_client.get(reverse("admin:articles_article_compare", args=[ru.pk])).text

    assert f"<del>—</del> <ins>{original.title}</ins>" in html
