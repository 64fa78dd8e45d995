from django import template

from articles.desk import desk_items

register = template.Library()


@register.simple_tag(takes_context=True)
def desk(context):
    """The queues waiting for the signed-in user (`articles.desk.desk_items`)."""
    return desk_items(context["request"].user)
