"""Network pages. Thin: every object comes through networks.permissions, rules live in services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import uploads
from core.files import private_file_response
from core.locks import BUSY, LockWaitTimeout
from networks import page_sections, permissions, services
from networks.forms import (
    NetworkForm,
    NotifyForm,
    PlanningSlotForm,
    ReplyForm,
    ResourceFilterForm,
    ResourceForm,
    ThreadForm,
)
from networks.models import Membership, Network

RESOURCES_PER_PAGE = 50
THREADS_PER_PAGE = 30


@login_required
def network_list(request):
    if not permissions.can_use_networks(request.user):
        raise Http404
    networks = list(
        permissions.networks_visible_to(request.user)
        .select_related("subject")
        .annotate(member_count=Count("memberships", filter=Q(
            memberships__status=Membership.Status.ACTIVE)))
        .prefetch_related(Prefetch(
            "memberships", queryset=Membership.objects.convenors().select_related("user"),
            to_attr="convenor_memberships")))
    counts = services.member_counts_by_school(n.pk for n in networks)
    mine = dict(Membership.objects.filter(user=request.user).values_list("network_id", "status"))
    for network in networks:
        network.school_counts = counts.get(network.pk, [])
        network.my_status = mine.get(network.pk)
    return render(request, "networks/network_list.html", {
        "networks": networks,
        "can_propose": permissions.can_propose_network(request.user),
        "can_create": permissions.can_create_network(request.user),
    })


@login_required
def network_create(request):
    if not permissions.can_propose_network(request.user):
        raise Http404
    form = NetworkForm(request.POST or None,
                       allow_heads_network=permissions.can_create_network(request.user))
    if request.method == "POST" and form.is_valid():
        network = services.create_network(form.save(commit=False), request.user)
        if network.status == Network.Status.ACTIVE:
            messages.success(request, _("Nätverket %(name)s är skapat.") % {"name": network.name})
            return redirect(network)
        messages.success(request, _(
            "Tack! Ditt förslag %(name)s har skickats till samordnaren, som godkänner nya "
            "nätverk.") % {"name": network.name})
        return redirect("networks:list")
    return render(request, "networks/network_form.html", {
        "form": form, "is_proposal": not permissions.can_create_network(request.user)})


@login_required
def network_detail(request, slug):
    network = permissions.get_network_for_user(request.user, slug)
    membership = permissions.membership_of(request.user, network)
    can_read_member_pages = permissions.can_read_member_pages(request.user, membership)
    school_counts = services.member_counts_by_school([network.pk]).get(network.pk, [])
    convenors = network.memberships.convenors().select_related("user")
    context = {
        "network": network, "membership": membership,
        "can_read_member_pages": can_read_member_pages,
        "school_counts": school_counts,
        "member_count": network.memberships.active().count(),
        "convenors": convenors,
        "can_join": membership is None and permissions.can_join(request.user, network),
        "page_sections": page_sections.sections_for(request.user, network),
    }
    if can_read_member_pages:
        windows, _silent, _total = services.best_windows(network, limit=3)
        context.update({
            "windows": windows,
            "recent_threads": network.threads.select_related("started_by")[:5],
            "resource_count": network.resources.count(),
            "notify_form": membership and NotifyForm(
                initial={"notify_posts": membership.notify_posts}),
        })
    return render(request, "networks/network_detail.html", context)


@login_required
@require_POST
def network_join(request, slug):
    network = permissions.get_network_for_user(request.user, slug)
    if not permissions.can_join(request.user, network):
        raise Http404
    membership = services.join(network, request.user)
    if membership.is_active:
        messages.success(request, _("Välkommen! Du är nu medlem i %(name)s.") % {
            "name": network.name})
    else:
        messages.success(request, _(
            "Din förfrågan är skickad. En sammankallande i %(name)s godkänner den.") % {
            "name": network.name})
    return redirect(network)


@login_required
@require_POST
def network_leave(request, slug):
    network = permissions.get_network_for_user(request.user, slug)
    try:
        ended = services.leave(network, request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        messages.error(request, BUSY)
    else:
        if ended and ended.is_active:
            messages.success(request, _("Du har lämnat %(name)s.") % {"name": network.name})
        elif ended:
            messages.success(request, _("Din förfrågan om att gå med är tillbakadragen."))
    return redirect(network)


@login_required
@require_POST
def notify_preference(request, slug):
    network = permissions.get_network_for_member(request.user, slug)
    membership = permissions.membership_of(request.user, network)
    if membership is None:
        raise Http404  # the coordinator reads without being a member
    form = NotifyForm(request.POST)
    form.is_valid()
    services.set_notify_posts(membership, form.cleaned_data.get("notify_posts", False))
    if form.cleaned_data.get("notify_posts"):
        messages.success(request, _("Du får nu mejl om nya inlägg i diskussionen."))
    else:
        messages.success(request, _("Du får inte längre mejl om nya inlägg."))
    return redirect(network)


@login_required
def member_list(request, slug):
    network = permissions.get_network_for_member(request.user, slug)
    can_manage = permissions.can_manage_network(request.user, network)
    pending = (network.memberships.pending().select_related("user")
               .prefetch_related("user__staffings__school") if can_manage else [])
    return render(request, "networks/member_list.html", {
        "network": network, "members": services.member_directory(network),
        "pending": pending, "can_manage": can_manage,
    })


MEMBER_ACTIONS = {"approve", "decline", "remove", "hand_over", "make_convenor"}


@login_required
@require_POST
def member_action(request, slug, pk):
    network = permissions.get_network_for_member(request.user, slug)
    membership = permissions.get_membership_for_convenor(request.user, network, pk)
    action = request.POST.get("action")
    if action not in MEMBER_ACTIONS:
        messages.error(request, _("Okänd åtgärd."))
        return redirect("networks:members", network.slug)
    try:
        done = _change_membership(request.user, action, network, membership)
    except services.MembershipError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        messages.error(request, BUSY)
    else:
        messages.success(request, done)
    return redirect("networks:members", network.slug)


def _change_membership(user, action, network, membership) -> str:
    """Run one convenor action through the services; returns what to tell the user."""
    name = membership.user.display_name
    if action == "approve":
        services.approve(membership)
        return _("%(name)s är nu medlem.") % {"name": name}
    if action == "decline" and membership.status == Membership.Status.PENDING:
        services.decline(membership)
        return _("%(name)s får besked om att förfrågan avböjdes.") % {"name": name}
    if action in ("decline", "remove"):
        services.remove(membership)
        return _("%(name)s är inte längre med i nätverket.") % {"name": name}
    if action == "hand_over" and not user.is_coordinator:
        services.hand_over(network, user, membership)
    else:
        services.make_convenor(membership)
    return _("%(name)s är nu sammankallande.") % {"name": name}


@login_required
def resource_list(request, slug):
    network = permissions.get_network_for_member(request.user, slug)
    filter_form = ResourceFilterForm(request.GET or None)
    resources = filter_form.filter(network.resources.select_related("added_by"))
    page = Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "networks/resource_list.html", {
        "network": network, "filter_form": filter_form, "page": page,
        "can_manage": permissions.can_manage_network(request.user, network),
    })


@login_required
def resource_create(request, slug):
    network = permissions.get_network_for_member(request.user, slug)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        resource = services.add_resource(form.save(commit=False), network, request.user)
        messages.success(request, _("%(title)s är tillagd i repertoaren.") % {
            "title": resource.title})
        return redirect("networks:resources", network.slug)
    return render(request, "networks/resource_form.html", {"network": network, "form": form})


@login_required
def resource_edit(request, slug, pk):
    network = permissions.get_network_for_member(request.user, slug)
    resource = permissions.get_resource_for_member(request.user, network, pk)
    if not permissions.can_change_resource(request.user, resource):
        raise Http404
    old_file = resource.file.name if resource.file else None
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        services.save_resource_replacing_file(form, old_file)
        messages.success(request, _("Ändringarna i %(title)s är sparade.") % {
            "title": resource.title})
        return redirect("networks:resources", network.slug)
    return render(request, "networks/resource_form.html",
                  {"network": network, "form": form, "resource": resource})


@login_required
def resource_file(request, slug, pk):
    network = permissions.get_network_for_member(request.user, slug)
    resource = permissions.get_resource_for_member(request.user, network, pk)
    if not resource.file:
        raise Http404
    file_type = uploads.file_type_for(resource.file.name)
    if file_type is None:
        raise Http404  # stored before the allowlist changed: do not serve it
    return private_file_response(
        resource.file, resource.file_name or resource.file.name.rsplit("/", 1)[-1],
        content_type=file_type.content_type, inline=file_type.inline)


@login_required
@require_POST
def resource_delete(request, slug, pk):
    network = permissions.get_network_for_member(request.user, slug)
    resource = permissions.get_resource_for_member(request.user, network, pk)
    if not permissions.can_change_resource(request.user, resource):
        raise Http404
    services.delete_resource(resource)
    messages.success(request, _("%(title)s är borttagen.") % {"title": resource.title})
    return redirect("networks:resources", network.slug)


@login_required
def thread_list(request, slug):
    network = permissions.get_network_for_member(request.user, slug)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        thread = services.start_thread(network, request.user, form.cleaned_data["title"],
                                       form.cleaned_data["body"])
        messages.success(request, _("Tråden är publicerad."))
        return redirect(thread)
    threads = (network.threads.select_related("started_by")
               .annotate(post_count=Count("posts")).order_by("-last_post_at", "-pk"))
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "networks/thread_list.html",
                  {"network": network, "page": page, "form": form})


@login_required
def thread_detail(request, slug, pk):
    network = permissions.get_network_for_member(request.user, slug)
    thread = permissions.get_thread_for_member(request.user, network, pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reply(thread, request.user, form.cleaned_data["body"])
        messages.success(request, _("Ditt svar är publicerat."))
        return redirect(thread)
    posts = thread.posts.select_related("author")
    return render(request, "networks/thread_detail.html",
                  {"network": network, "thread": thread, "posts": posts, "form": form})


@login_required
def planning(request, slug):
    network = permissions.get_network_for_member(request.user, slug)
    membership = permissions.membership_of(request.user, network)
    form = None
    if membership is not None and membership.is_active:
        form = PlanningSlotForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            slot = services.add_planning_slot(form.save(commit=False), membership)
            messages.success(request, _("Tiden %(slot)s är sparad.") % {"slot": slot})
            return redirect("networks:planning", network.slug)
    windows, silent, member_count = services.best_windows(network)
    return render(request, "networks/planning.html", {
        "network": network, "form": form, "windows": windows, "silent": silent,
        "member_count": member_count,
        "my_slots": membership.planning_slots.all() if membership else [],
    })


@login_required
@require_POST
def planning_slot_delete(request, slug, pk):
    network = permissions.get_network_for_member(request.user, slug)
    slot = permissions.get_planning_slot_for_member(request.user, network, pk)
    services.delete_planning_slot(slot)
    messages.success(request, _("Tiden är borttagen."))
    return redirect("networks:planning", network.slug)
